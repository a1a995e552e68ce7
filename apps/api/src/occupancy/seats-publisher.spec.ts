import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Clock } from '../infra/clock.js';
import type { AppConfig } from '../infra/config/app-config.js';
import type { BrokerService } from '../infra/mqtt/broker.service.js';
import type { SiteOwnership } from '../infra/site-ownership.js';
import type { OccupancyService } from './occupancy.service.js';
import { PUBLISH_INTERVAL_MS, SeatsPublisher } from './seats-publisher.js';

describe('SeatsPublisher', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets go of a site deleted between its change and the publication, without a rejection', async () => {
    vi.useFakeTimers();
    let listener: ((change: { site: string }) => void) | undefined;
    const occupancy = {
      onChange: (l: typeof listener) => (listener = l),
      siteIds: () => [],
      state: (site: string) => {
        throw new Error(`Unknown site "${site}"`);
      },
    } as unknown as OccupancyService;
    const publish = vi.fn(async () => undefined);
    const publisher = new SeatsPublisher(
      occupancy,
      { publish } as unknown as BrokerService,
      { mqtt: { topicRoot: 'cantine' } } as AppConfig,
      { owns: () => true } as unknown as SiteOwnership,
      { now: () => new Date() } as unknown as Clock,
    );
    publisher.onModuleInit();
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      listener!({ site: 'lorient' });
      await vi.advanceTimersByTimeAsync(PUBLISH_INTERVAL_MS + 1);
      vi.useRealTimers();
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).not.toHaveBeenCalled();
      expect(publish).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});
