// Turns what devices say (the DeviceEvents bus) into occupancy events. Only desk sensors matter
// here; badges and doors reach occupancy through access control (recordEntry / recordExit).
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DeviceEvents, type DeviceStatusEvent, type PresenceEvent } from '../devices/device-events.js';
import { Clock } from '../infra/clock.js';
import { OccupancyService } from './occupancy.service.js';

@Injectable()
export class OccupancyDeviceEvents implements OnModuleInit {
  constructor(
    private readonly devices: DeviceEvents,
    private readonly occupancy: OccupancyService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.devices.on('presence', (event) => this.presence(event));
    this.devices.on('device-status', (event) => this.status(event));
  }

  private presence(event: PresenceEvent): void {
    this.occupancy.apply(event.site, { type: 'presence', desk: event.desk, occupied: event.occupied, at: event.receivedAt, ...(event.sensor ? { sensor: event.sensor } : {}) });
  }

  /**
   * A desk sensor's status or last will: its desk goes live or offline. The monitor tells it on real
   * time; the desks live on the service clock, like every report (a demo clock hours behind made each
   * report after a status look older than it, and ignored).
   */
  private status(event: DeviceStatusEvent): void {
    if (event.kind !== 'desk-sensor' || event.desk === undefined) return;
    this.occupancy.apply(event.site, { type: event.online ? 'device-online' : 'device-offline', desk: event.desk, at: this.clock.now() });
  }
}
