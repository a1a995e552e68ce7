// Prices: the domain's defaults, or `tariffs.json` beside the site folder (config/tariffs.json by
// default; see docs/access-control.md). A bad file stops startup naming it, like a bad site file.
import fs from 'node:fs';
import path from 'node:path';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { z } from 'zod';
import { DEFAULT_TARIFFS, type Tariffs } from '#domain';
import { AppConfig } from '../infra/config/app-config.js';
import { ConfigError } from '../infra/config/config-error.js';

const cents = z.number().int().min(0).max(10_000_000);
const dayPrices = z.object({ day: cents, halfDay: cents });

/** Every key optional: what the file leaves out keeps the default. */
const tariffsFile = z.object({
  adherent: dayPrices.optional(),
  nonAdherent: dayPrices.optional(),
  carnets: z.array(z.object({ credits: z.number().int().min(1).max(1000), price: cents, nonAdherentPrice: cents.optional() })).optional(),
  subscriptionMonthly: z.object({ adherent: cents, nonAdherent: cents }).optional(),
  subscriptionEnd: z.enum(['prorated', 'whole-periods']).optional(),
});

@Injectable()
export class TariffsService implements OnModuleInit {
  private readonly logger = new Logger('Tariffs');
  private tariffs: Tariffs = DEFAULT_TARIFFS;

  constructor(private readonly config: AppConfig) {}

  get file(): string {
    return path.join(path.dirname(this.config.sitesDir), 'tariffs.json');
  }

  onModuleInit(): void {
    if (!fs.existsSync(this.file)) return;
    this.tariffs = parseTariffs(fs.readFileSync(this.file, 'utf8'), this.file);
    this.logger.log(`Tariffs from ${this.file}`);
  }

  current(): Tariffs {
    return this.tariffs;
  }
}

export function parseTariffs(text: string, fileName: string): Tariffs {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError('SITES_DIR', `${fileName} is not valid JSON (${(error as Error).message})`);
  }
  const parsed = tariffsFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError('SITES_DIR', `${fileName}: ${issue.path.join('.') || 'the file'}: ${issue.message}`);
  }
  const data = parsed.data;
  return {
    adherent: data.adherent ?? DEFAULT_TARIFFS.adherent,
    nonAdherent: data.nonAdherent ?? DEFAULT_TARIFFS.nonAdherent,
    carnets: data.carnets ?? DEFAULT_TARIFFS.carnets,
    subscriptionMonthly: data.subscriptionMonthly ?? DEFAULT_TARIFFS.subscriptionMonthly,
    subscriptionEnd: data.subscriptionEnd ?? DEFAULT_TARIFFS.subscriptionEnd,
  };
}
