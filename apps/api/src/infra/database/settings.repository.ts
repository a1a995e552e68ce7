import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SettingEntity } from './setting.entity.js';

@Injectable()
export class SettingsRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Returns the stored value for `key`, storing `make()` first if there is none. Two processes
   * racing on first start both end up with the value that won the insert.
   */
  async getOrCreate(key: string, make: () => string): Promise<string> {
    const settings = this.db.getRepository(SettingEntity);
    await settings.createQueryBuilder().insert().values({ key, value: make() }).orIgnore().execute();
    const row = await settings.findOneByOrFail({ key });
    return row.value;
  }
}
