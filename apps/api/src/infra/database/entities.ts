import { AccessEventEntity } from '../../access/access-event.entity.js';
import { ManagerEntity, RevokedTokenEntity } from '../../auth/manager.entity.js';
import { DeviceEntity } from '../../devices/device.entity.js';
import { BadgeEntity, MemberChangeEntity, MemberEntity, PassChangeEntity, PassEntity, PassUseEntity } from '../../members/member.entity.js';
import { OccupancySnapshotEntity } from '../../occupancy/occupancy-snapshot.entity.js';
import { DeskEntity, DoorEntity, SiteEntity, ZoneEntity } from '../../sites/site.entity.js';
import { SettingEntity } from './setting.entity.js';

/** Every entity, listed explicitly: globs do not work from an ES module build. */
export const entities = [SiteEntity, ZoneEntity, DoorEntity, DeskEntity, ManagerEntity, RevokedTokenEntity, SettingEntity, OccupancySnapshotEntity, DeviceEntity,
  MemberEntity, BadgeEntity, PassEntity, PassUseEntity, AccessEventEntity, MemberChangeEntity, PassChangeEntity];
