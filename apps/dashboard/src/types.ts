// The JSON the dashboard reads, as the API documents it (docs/*.md). Front ends never import
// apps/api; shared wire types come from libs/protocol, the pricing rules from libs/domain.
export type { SeatsSnapshot, SeatUpdate, ZoneSeats } from '../../../libs/protocol/src/wall-events.js';
export type { Tariffs } from '../../../libs/domain/src/access/tariffs.js';
export type { MonthlyStatement } from '../../../libs/domain/src/access/monthly-statement.js';

export interface SiteLayout {
  id: string;
  name: string;
  timezone: string;
  hours: Record<string, Array<{ open: string; close: string }>>;
  zones: Array<{ id: string; name: string }>;
  doors: Array<{ id: string; name: string; zone: string }>;
  desks: Array<{ id: string; label: string; zone: string }>;
}

// Members, badges and passes: the API's own schemas (libs/protocol/src/http, also behind /api/docs).
export type { BadgeView, MemberView, PassView } from '../../../libs/protocol/src/http/members.js';

export interface DeviceView {
  id: string;
  kind: string;
  site: string;
  protocol: string;
  door?: string;
  desk?: string;
  topic?: string;
  bridge?: string;
  relay?: number;
  name?: string;
  online: boolean;
  lastSeen: string | null;
  battery: number | null;
  fw: string | null;
  rssi: number | null;
  linkquality: number | null;
  errors: Record<string, number>;
}

export type { AccessEventViewBody as AccessEvent } from '../../../libs/protocol/src/http/access.js';

export interface EnrolmentResult {
  site: string;
  reader: string;
  memberId: string;
  uid?: string;
  error?: string;
  at: string;
}

export interface EnrolmentState {
  site: string;
  reader: string;
  armed: { memberId: string; expiresAt: string } | null;
  last: EnrolmentResult | null;
}

export interface TodayBody {
  date: string;
  basedOn: string[];
  slots: Array<{ time: string; hour: string; today: number | null; typical: number | null }>;
}

export interface ForecastBody {
  date: string;
  ratio: number;
  capacity: number;
  current: number;
  slots: Array<{ time: string; hour: string; occupied: number; free: number; basis: 'current' | 'typical' }>;
}

export interface HeatmapBody {
  weekdays: string[];
  cells: Array<Array<number | null>>;
}

export interface UtilisationBody {
  openMinutes: number;
  desks: Array<{ desk: string; zone: string; label: string; occupiedMinutes: number; ratio: number }>;
}

export interface PeaksBody {
  days: Array<{ date: string; occupied: number; at: string | null }>;
}

export interface StaysBody {
  stays: number;
  ongoing: number;
  averageMinutes: number | null;
  medianMinutes: number | null;
  longestMinutes: number | null;
}

export interface DenialsBody {
  granted: number;
  denied: number;
  denialRate: number;
  reasons: Array<{ reason: string; count: number; share: number }>;
}
