// Sharing sites among the instances of a cluster (docs/scaling.md).
export * from './site-balance.js';
