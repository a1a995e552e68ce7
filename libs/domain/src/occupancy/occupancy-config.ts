// How long a desk is held and when its sensor counts as gone, per site and per sensor type.
// A site builds one config; each desk looks its timing up by the type of sensor bound to it.

/**
 * `pir` sees motion only, so it misses people sitting still and needs a hold; `radar` (mmWave),
 * `pressure` (seat pad) and `contact` (a switch closed by the seat or the laptop dock) see a still
 * person, so they can release as soon as they report the desk empty.
 */
export type DeskSensorType = 'pir' | 'radar' | 'contact' | 'pressure';

export const DESK_SENSOR_TYPES: readonly DeskSensorType[] = ['pir', 'radar', 'contact', 'pressure'];

export interface DeskSensorTiming {
  /** A desk stays occupied this long after its last presence=true, even if the sensor says empty. */
  readonly releaseAfterMs: number;
  /** Silence this long (no presence, no status) takes the desk offline on the next tick. */
  readonly heartbeatTimeoutMs: number;
}

export interface OccupancyConfig extends DeskSensorTiming {
  /** Overrides of the site defaults for one sensor type; unset fields fall back to the site's. */
  readonly sensors: Readonly<Partial<Record<DeskSensorType, Partial<DeskSensorTiming>>>>;
}

/** What a site file may say; anything left out takes the default. */
export interface OccupancyConfigInput extends Partial<DeskSensorTiming> {
  readonly sensors?: OccupancyConfig['sensors'];
}

const MINUTE_MS = 60_000;

export const DEFAULT_OCCUPANCY_CONFIG: OccupancyConfig = {
  releaseAfterMs: 10 * MINUTE_MS,
  heartbeatTimeoutMs: 30 * MINUTE_MS,
  sensors: {
    radar: { releaseAfterMs: 0 },
    contact: { releaseAfterMs: 0 },
    pressure: { releaseAfterMs: 0 },
  },
};

/**
 * A site's config over the defaults. Sensor overrides merge per type and per field, so a site that
 * only lengthens the PIR hold keeps radar's immediate release.
 */
export function occupancyConfig(input: OccupancyConfigInput = {}): OccupancyConfig {
  const sensors: Partial<Record<DeskSensorType, Partial<DeskSensorTiming>>> = {};
  for (const type of DESK_SENSOR_TYPES) {
    const merged = { ...DEFAULT_OCCUPANCY_CONFIG.sensors[type], ...input.sensors?.[type] };
    if (Object.keys(merged).length > 0) sensors[type] = merged;
  }
  return {
    releaseAfterMs: input.releaseAfterMs ?? DEFAULT_OCCUPANCY_CONFIG.releaseAfterMs,
    heartbeatTimeoutMs: input.heartbeatTimeoutMs ?? DEFAULT_OCCUPANCY_CONFIG.heartbeatTimeoutMs,
    sensors,
  };
}

/** The hold and heartbeat timeout that apply to one desk's sensor. */
export function sensorTiming(config: OccupancyConfig, sensor: DeskSensorType): DeskSensorTiming {
  const override = config.sensors[sensor];
  return {
    releaseAfterMs: override?.releaseAfterMs ?? config.releaseAfterMs,
    heartbeatTimeoutMs: override?.heartbeatTimeoutMs ?? config.heartbeatTimeoutMs,
  };
}
