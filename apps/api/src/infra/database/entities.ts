import { ManagerEntity } from '../../auth/manager.entity.js';
import { DeskEntity, DoorEntity, SiteEntity, ZoneEntity } from '../../sites/site.entity.js';
import { SettingEntity } from './setting.entity.js';

/** Every entity, listed explicitly: globs do not work from an ES module build. */
export const entities = [SiteEntity, ZoneEntity, DoorEntity, DeskEntity, ManagerEntity, SettingEntity];
