// Occupancy history for the manager's charts: each desk change as it happens, and a snapshot per
// zone every minute. Only counts and desk ids are written, never who sat or came in.
import { Injectable, type OnApplicationBootstrap, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { BufferedTimeSeriesWriter, type TimePoint } from '../infra/timeseries/index.js';
import { OccupancyService, zoneSeats, type OccupancyChange } from './occupancy.service.js';

export const DESK_MEASUREMENT = 'desk_occupancy';
export const ZONE_MEASUREMENT = 'zone_occupancy';
const MINUTE_MS = 60_000;

@Injectable()
export class OccupancySeries implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly occupancy: OccupancyService,
    private readonly writer: BufferedTimeSeriesWriter,
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
      this.writer.write(
        zoneSeats(state).map((zone) => ({
          measurement: ZONE_MEASUREMENT,
          tags: { site, zone: zone.id },
          fields: { occupied: zone.occupied, free: zone.free, offline: zone.offline, headcount: zone.headcount },
          time: minute,
        })),
      );
    }
  }

  /** On the minute boundary, so that every site's points line up in one bucket. */
  private scheduleMinute(): void {
    const next = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
    this.timer = setTimeout(() => {
      this.writeZoneSnapshot(new Date(next));
      this.scheduleMinute();
    }, next - Date.now());
    this.timer.unref();
  }
}

function deskPoints(change: OccupancyChange): TimePoint[] {
  return change.seats.map((seat) => ({
    measurement: DESK_MEASUREMENT,
    tags: { site: change.site, zone: change.next.desks.get(seat.id)?.zone ?? 'unknown', desk: seat.id },
    fields: { occupied: seat.state === 'occupied' ? 1 : 0, offline: seat.state === 'offline' ? 1 : 0 },
    time: new Date(seat.since),
  }));
}
