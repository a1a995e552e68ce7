// Occupancy history for the manager's charts: each desk change as it happens, and a snapshot per
// zone every minute. Only counts and desk ids are written, never who sat or came in.
import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { deskOccupancyPoint, zoneOccupancyPoint } from '../analytics/series-schema.js';
import { Clock } from '../infra/clock.js';
import { BufferedTimeSeriesWriter, type TimePoint } from '../infra/timeseries/index.js';
import { OccupancyService, zoneSeats, type OccupancyChange } from './occupancy.service.js';

const MINUTE_MS = 60_000;

@Injectable()
export class OccupancySeries implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly occupancy: OccupancyService,
    private readonly writer: BufferedTimeSeriesWriter,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.occupancy.onChange((change) => this.writer.write(deskPoints(change)));
  }

  onApplicationBootstrap(): void {
    this.scheduleMinute();
  }

  onModuleDestroy(): void {
    clearTimeout(this.timer);
  }

  /** One point per zone of every site, stamped with the minute it describes. */
  writeZoneSnapshot(minute: Date): void {
    for (const site of this.occupancy.siteIds()) {
      const state = this.occupancy.state(site);
      const points = zoneSeats(state).map(({ id, occupied, free, offline, headcount }) =>
        zoneOccupancyPoint({ site, zone: id, occupied, free, offline, headcount, at: minute }),
      );
      this.writer.write(points);
    }
  }

  /** On the clock's minute boundary, so that every site's points line up in one bucket. */
  private scheduleMinute(): void {
    const next = Math.floor(this.clock.now().getTime() / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
    this.timer = setTimeout(() => {
      this.writeZoneSnapshot(new Date(next));
      this.scheduleMinute();
    }, this.clock.realMs(next - this.clock.now().getTime(), 1));
    this.timer.unref();
  }
}

function deskPoints(change: OccupancyChange): TimePoint[] {
  return change.seats.map((seat) =>
    deskOccupancyPoint({
      site: change.site,
      zone: change.next.desks.get(seat.id)?.zone ?? 'unknown',
      desk: seat.id,
      occupied: seat.state === 'occupied',
      offline: seat.state === 'offline',
      at: new Date(seat.since),
    }),
  );
}
