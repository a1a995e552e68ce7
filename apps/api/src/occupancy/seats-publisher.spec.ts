import { createOccupancyState } from '#domain';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Clock } from '../infra/clock.js';
import type { AppConfig } from '../infra/config/app-config.js';
import type { BrokerService } from '../infra/mqtt/broker.service.js';
import { SiteOwnership } from '../infra/site-ownership.js';
import type { SitesChange, SitesListener, SitesService } from '../sites/sites.service.js';
import type { Site } from '../sites/site.types.js';
import type { OccupancyService } from './occupancy.service.js';
import { PUBLISH_INTERVAL_MS, SeatsPublisher } from './seats-publisher.js';

const state = createOccupancyState({ site: 'lorient', zones: ['open-space'], desks: [{ id: 'desk-01', label: '1', zone: 'open-space' }] }, { at: new Date('2026-03-02T08:00:00Z') });

/**
 * A publisher over sites and occupancy that list `known`, and a broker recording its publications.
 * `removed` runs the sites' listeners as SitesService does: the site already gone from its list.
 */
function publisher(known: string[], ownership = { owns: () => true, onHandover: () => undefined } as unknown as SiteOwnership) {
  let occupancyListener: ((change: { site: string }) => void) | undefined;
  const siteListeners: SitesListener[] = [];
  const sites = new Set(known);
  const occupied = new Set(known);
  const occupancy = {
    onChange: (listener: typeof occupancyListener) => (occupancyListener = listener),
    siteIds: () => [...occupied],
    state: (site: string) => {
      if (!occupied.has(site)) throw new Error(`Unknown site "${site}"`);
      return state;
    },
  } as unknown as OccupancyService;
  const published: Array<{ topic: string; payload: string; qos: number; retain?: boolean }> = [];
  const broker = {
    publish: async (topic: string, payload: string, options: { qos: number; retain?: boolean }) =>
      void published.push({ topic, payload, ...options }),
  } as unknown as BrokerService;
  const sitesService = {
    onChange: (listener: SitesListener) => siteListeners.push(listener),
    has: (site: string) => sites.has(site),
  } as unknown as SitesService;
  const seats = new SeatsPublisher(
    occupancy,
    broker,
    { mqtt: { topicRoot: 'cantine' } } as AppConfig,
    ownership,
    { now: () => new Date('2026-03-02T08:00:00Z') } as unknown as Clock,
    sitesService,
  );
  seats.onModuleInit();
  return {
    published,
    occupied,
    changed: (site: string) => occupancyListener!({ site }),
    removed: async (site: string, origin: SitesChange['origin'], occupancyToo = true) => {
      sites.delete(site);
      if (occupancyToo) occupied.delete(site);
      for (const listener of siteListeners) await listener({ kind: 'removed', site: { id: site } as Site, origin });
    },
    created: (site: string) => {
      sites.add(site);
      occupied.add(site);
    },
  };
}

describe('SeatsPublisher', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets go of a site deleted between its change and the publication, without a rejection', async () => {
    vi.useFakeTimers();
    const { changed, published } = publisher([]);
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      changed('lorient');
      await vi.advanceTimersByTimeAsync(PUBLISH_INTERVAL_MS + 1);
      vi.useRealTimers();
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).not.toHaveBeenCalled();
      expect(published).toEqual([]);
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('a site deleted through this instance has its retained seats cleared: an empty retained message, QoS 1', async () => {
    vi.useFakeTimers();
    const { changed, removed, published } = publisher(['lorient']);
    changed('lorient');
    await vi.advanceTimersByTimeAsync(PUBLISH_INTERVAL_MS + 1);
    expect(published.map((p) => p.topic)).toEqual(['cantine/lorient/seats']);
    await removed('lorient', 'local');
    expect(published.slice(1)).toEqual([{ topic: 'cantine/lorient/seats', payload: '', qos: 1, retain: true }]);
  });

  it('a site deleted through another instance is cleared there, not again here', async () => {
    const { removed, published } = publisher(['lorient']);
    await removed('lorient', 'remote');
    expect(published).toEqual([]);
  });

  it('a change waiting at the deletion, or made before occupancy hears of it, is not published after the clear', async () => {
    vi.useFakeTimers();
    const { changed, removed, published } = publisher(['lorient']);
    changed('lorient');
    await removed('lorient', 'local', false);
    changed('lorient');
    await vi.advanceTimersByTimeAsync(PUBLISH_INTERVAL_MS + 1);
    expect(published).toEqual([{ topic: 'cantine/lorient/seats', payload: '', qos: 1, retain: true }]);
  });

  it('a site created again under the same id has its seats published afresh, even with the same counts', async () => {
    vi.useFakeTimers();
    const { changed, removed, created, published } = publisher(['lorient']);
    changed('lorient');
    await vi.advanceTimersByTimeAsync(PUBLISH_INTERVAL_MS + 1);
    await removed('lorient', 'remote');
    created('lorient');
    changed('lorient');
    await vi.advanceTimersByTimeAsync(PUBLISH_INTERVAL_MS + 1);
    expect(published.map((p) => p.topic)).toEqual(['cantine/lorient/seats', 'cantine/lorient/seats']);
  });

  describe('in a cluster, a site taken here', () => {
    const clustered = () => new SiteOwnership({ cluster: { instanceId: 'a' } } as AppConfig);
    /** Lease clocks are not what these tests are about: a take holds for good. */
    const forGood = Number.POSITIVE_INFINITY;

    it('is published once its gate is open, though its restore outlasted the publish interval', async () => {
      vi.useFakeTimers();
      const ownership = clustered();
      const { changed, published } = publisher(['lorient'], ownership);
      // The occupancy reload announces the restored state, then the take's other restores go on.
      ownership.onHandover({ restore: async () => {
        changed('lorient');
        await new Promise((resolve) => setTimeout(resolve, 2 * PUBLISH_INTERVAL_MS));
      } });
      const taking = ownership.take('lorient', 1, forGood);
      await vi.advanceTimersByTimeAsync(3 * PUBLISH_INTERVAL_MS);
      await taking;
      await vi.advanceTimersByTimeAsync(PUBLISH_INTERVAL_MS + 1);
      expect(published.map((p) => [p.topic, p.retain])).toEqual([['cantine/lorient/seats', true]]);
    });

    it('again is published again, with the very counts this instance sent before it lost the site', async () => {
      vi.useFakeTimers();
      const ownership = clustered();
      const { changed, published } = publisher(['lorient'], ownership);
      ownership.onHandover({ restore: async () => changed('lorient') });
      await ownership.take('lorient', 1, forGood);
      await vi.advanceTimersByTimeAsync(PUBLISH_INTERVAL_MS + 1);
      await ownership.give('lorient', false);
      // Meanwhile its other owner published other counts, and was killed before saving them.
      await ownership.take('lorient', 3, forGood);
      await vi.advanceTimersByTimeAsync(PUBLISH_INTERVAL_MS + 1);
      expect(published.map((p) => p.topic)).toEqual(['cantine/lorient/seats', 'cantine/lorient/seats']);
    });
  });
});
