import { describe, expect, it } from 'vitest';
import { fairShare, planSiteBalance, type SiteLeaseView } from './site-balance.js';

const CLAIM = 2000;
const SITES = ['s1', 's2', 's3', 's4', 's5', 's6'];
const held = (owners: Record<string, string>): SiteLeaseView[] =>
  Object.entries(owners).map(([site, owner]) => ({ site, owner, live: true }));

describe('fair share of sites', () => {
  it.each([
    { name: 'one instance takes every site', instances: ['a'], sites: 6, shares: [6] },
    { name: 'an even split', instances: ['a', 'b', 'c'], sites: 6, shares: [2, 2, 2] },
    { name: 'the remainder goes to the first instances in id order', instances: ['c', 'a', 'b'], sites: 4, shares: [2, 1, 1] },
    { name: 'more instances than sites: some own none', instances: ['a', 'b', 'c'], sites: 2, shares: [1, 1, 0] },
  ])('$name', ({ instances, sites, shares }) => {
    const sorted = [...instances].sort();
    expect(sorted.map((id) => fairShare(id, instances, sites))).toEqual(shares);
    expect(shares.reduce((sum, share) => sum + share, 0)).toBe(sites);
  });

  it('counts the asking instance even when its heartbeat is not in the list yet', () => {
    expect(fairShare('b', ['a'], 6)).toBe(3);
  });
});

describe('site balance plan', () => {
  it('a lone instance takes every free site', () => {
    expect(planSiteBalance({ me: 'a', instances: ['a'], sites: SITES, leases: [], claimAfterMs: CLAIM })).toEqual({ acquire: SITES, release: [] });
  });

  it('an instance at its share does nothing', () => {
    const leases = held({ s1: 'a', s2: 'a', s3: 'b', s4: 'b', s5: 'c', s6: 'c' });
    expect(planSiteBalance({ me: 'b', instances: ['a', 'b', 'c'], sites: SITES, leases, claimAfterMs: CLAIM })).toEqual({ acquire: [], release: [] });
  });

  it('when an instance joins, the owners hand over what is over their share', () => {
    const leases = held({ s1: 'a', s2: 'a', s3: 'a', s4: 'b', s5: 'b', s6: 'b' });
    expect(planSiteBalance({ me: 'a', instances: ['a', 'b', 'c'], sites: SITES, leases, claimAfterMs: CLAIM })).toEqual({ acquire: [], release: ['s3'] });
    expect(planSiteBalance({ me: 'b', instances: ['a', 'b', 'c'], sites: SITES, leases, claimAfterMs: CLAIM })).toEqual({ acquire: [], release: ['s6'] });
    expect(planSiteBalance({ me: 'c', instances: ['a', 'b', 'c'], sites: SITES, leases, claimAfterMs: CLAIM })).toEqual({ acquire: [], release: [] });
  });

  it('the joining instance takes the sites handed over', () => {
    const leases = held({ s1: 'a', s2: 'a', s4: 'b', s5: 'b' });
    expect(planSiteBalance({ me: 'c', instances: ['a', 'b', 'c'], sites: SITES, leases, claimAfterMs: CLAIM }).acquire.sort()).toEqual(['s3', 's6']);
  });

  it('a lease run out frees its site, whoever it names', () => {
    const leases: SiteLeaseView[] = [...held({ s1: 'a', s2: 'a', s3: 'b', s4: 'b' }), { site: 's5', owner: 'c', live: false }, { site: 's6', owner: 'c', live: false }];
    const plans = ['a', 'b'].map((me) => planSiteBalance({ me, instances: ['a', 'b'], sites: SITES, leases, claimAfterMs: CLAIM }));
    expect(plans.flatMap((plan) => plan.acquire).sort()).toEqual(['s5', 's6']);
  });

  it('instances under their share start at different free sites', () => {
    const first = ['a', 'b', 'c'].map((me) => planSiteBalance({ me, instances: ['a', 'b', 'c'], sites: SITES, leases: [], claimAfterMs: CLAIM }).acquire[0]);
    expect(new Set(first).size).toBe(3);
  });

  it('an owner over its share keeps its sites while any site is free (no moves during a failover)', () => {
    const leases = held({ s1: 'a', s2: 'a', s3: 'a', s4: 'b' });
    expect(planSiteBalance({ me: 'a', instances: ['a', 'b', 'c'], sites: SITES, leases, claimAfterMs: CLAIM })).toEqual({ acquire: [], release: [] });
  });

  it('a site left free is first for the instance under its share, then for anyone, one per round', () => {
    // Seven sites: a's share is 3, b's and c's 2 each.
    const owners = held({ s1: 'a', s2: 'a', s3: 'a', s4: 'b', s5: 'b' });
    const instances = ['a', 'b', 'c'];
    const freeFor = (ms: number) => [...owners, { site: 's6', owner: 'c', live: false, freeForMs: ms }, { site: 's7', owner: null, live: false, freeForMs: ms }];
    const sites = [...SITES, 's7'];
    expect(planSiteBalance({ me: 'c', instances, sites, leases: freeFor(0), claimAfterMs: 2000 }).acquire.sort()).toEqual(['s6', 's7']);
    expect(planSiteBalance({ me: 'a', instances, sites, leases: freeFor(1999), claimAfterMs: 2000 }).acquire).toEqual([]);
    const claimed = planSiteBalance({ me: 'a', instances, sites, leases: freeFor(2000), claimAfterMs: 2000 });
    expect(claimed.acquire).toHaveLength(1);
    expect(claimed.release).toEqual([]);
  });

  it('takes every free site, once each, when fewer are free than its share', () => {
    // a holds four of six sites, over its share of 3, and keeps them while sites are free.
    const leases = held({ s1: 'a', s2: 'a', s3: 'a', s4: 'a' });
    expect(planSiteBalance({ me: 'b', instances: ['a', 'b'], sites: SITES, leases, claimAfterMs: CLAIM }).acquire.sort()).toEqual(['s5', 's6']);
  });

  it('takes a live lease naming no owner for a free site', () => {
    const leases: SiteLeaseView[] = [{ site: 's1', owner: null, live: true }];
    expect(planSiteBalance({ me: 'a', instances: ['a'], sites: ['s1'], leases, claimAfterMs: CLAIM })).toEqual({ acquire: ['s1'], release: [] });
  });

  it('orders the sites by id whatever the order given, so every instance sees the same split', () => {
    expect(planSiteBalance({ me: 'a', instances: ['a'], sites: ['s3', 's1', 's2', 's1'], leases: [], claimAfterMs: CLAIM }).acquire).toEqual(['s1', 's2', 's3']);
    const leases = held({ s1: 'a', s2: 'a', s3: 'a', s4: 'b', s5: 'b', s6: 'b' });
    expect(planSiteBalance({ me: 'a', instances: ['a', 'b', 'c'], sites: [...SITES].reverse(), leases, claimAfterMs: CLAIM }).release).toEqual(['s3']);
  });

  it('ignores leases of sites it does not know', () => {
    const leases = held({ gone: 'a' });
    expect(planSiteBalance({ me: 'a', instances: ['a'], sites: ['s1'], leases, claimAfterMs: CLAIM })).toEqual({ acquire: ['s1'], release: [] });
  });
});
