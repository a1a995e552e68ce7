// Analytics of a site's history: pure rules over samples and desk changes read from the time
// series. Hours and days are the site's wall clock (see local-slots.ts).
export * from './local-slots.js';
export * from './desk-intervals.js';
export * from './opening-intervals.js';
export * from './typical-day.js';
export * from './occupancy-heatmap.js';
export * from './desk-utilisation.js';
export * from './daily-peaks.js';
export * from './average-stay.js';
export * from './denials-by-reason.js';
export * from './seat-forecast.js';
export * from './sorted-runs.js';
