// The desk sensors' everyday traffic: each sensor reports its presence at a random interval of
// 2 to 8 s (5 s on average: 400 messages/s for 2,000 sensors), and flips occupied/empty at one
// report in five. QoS 1, as the native protocol's presence topic says (libs/protocol TOPIC_DELIVERY).
import type { ConnectedDevice } from './devices.js';
import { deskTopic } from './devices.js';

export const BACKGROUND_INTERVAL_S = { min: 2, max: 8 };

export class BackgroundSensors {
  sent = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly occupied = new Map<string, boolean>();
  private running = false;

  constructor(private readonly sensors: readonly ConnectedDevice[]) {}

  get count(): number {
    return this.sensors.length;
  }

  /** Messages per second on average. */
  get rate(): number {
    return this.sensors.length / ((BACKGROUND_INTERVAL_S.min + BACKGROUND_INTERVAL_S.max) / 2);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    // The first report of each sensor is spread over one interval, not sent all at once.
    for (const sensor of this.sensors) this.schedule(sensor, Math.random() * BACKGROUND_INTERVAL_S.max * 1000);
  }

  stop(): void {
    this.running = false;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private schedule(sensor: ConnectedDevice, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.running) return;
      this.report(sensor);
      const { min, max } = BACKGROUND_INTERVAL_S;
      this.schedule(sensor, (min + Math.random() * (max - min)) * 1000);
    }, delayMs);
    this.timers.add(timer);
  }

  private report(sensor: ConnectedDevice): void {
    const desk = sensor.device.desk!;
    const occupied = Math.random() < 0.2 ? !(this.occupied.get(desk) ?? false) : (this.occupied.get(desk) ?? true);
    this.occupied.set(desk, occupied);
    // A battery level moves by a percent every few hours, not at every report.
    const payload = JSON.stringify({ occupied, battery: 60 + (Number(desk.replace(/\D/g, "")) % 40) });
    this.sent++;
    sensor.client.publish(deskTopic(desk), payload, { qos: 1 }, () => undefined);
  }
}
