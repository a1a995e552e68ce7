// Every table's entity, gathered from the features that own them: infra imports no feature, so the
// service (app.module.ts), the command-line tools and the tests hand this list to openDatabase.
// Parents before children: copy-database inserts in this order (test/app/entities.test.ts checks it).
import { accessEntities } from './access/access-event.entity.js';
import { authEntities } from './auth/manager.entity.js';
import { deviceEntities } from './devices/device.entity.js';
import { SettingEntity } from './infra/database/setting.entity.js';
import { memberEntities } from './members/member.entity.js';
import { occupancyEntities } from './occupancy/occupancy-snapshot.entity.js';
import { siteEntities } from './sites/site.entity.js';

export const entities = [
  ...siteEntities,
  ...authEntities,
  SettingEntity,
  ...occupancyEntities,
  ...deviceEntities,
  ...memberEntities,
  ...accessEntities,
];
