import { randomBytes } from 'node:crypto';
import { defaultPathway } from '@continuum/machines';
import {
  CaseIdCodec,
  caseIdCodecFor,
  checkHmacKey,
  HmacKeyMismatchError,
  keyFingerprint,
} from '@continuum/store';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachEngine } from '../../../../tests/support/engines.ts';
import { createFirstAdminToken } from '../bootstrap.ts';
import { createTestApp, type TestApp } from '../testing/testApp.ts';

/** A request from a given client address, as @hono/node-server would pass its socket. */
const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });

describeEachEngine(
  'issue 11 items 4-5: public ids, ref look-ups, key fingerprint, tokens, audit',
  ({ store, dataDir, engine }) => {
    let t: TestApp;
    let n = 0;
    const ref = () => `KEYS-${engine}-${++n}`;
    const open = async (caseRef = ref()) => {
      const res = await t.call('manager', 'POST', '/api/cases', {
        caseRef,
        occurredAt: '2025-01-06T09:00:00Z',
      });
      expect(res.status).toBe(201);
      return (await res.json()).case as { id: string; stage: string };
    };
    const auditOf = async (action: string) =>
      (await store().audit.list({ limit: 10_000 })).filter((a) => a.action === action);

    beforeAll(async () => {
      t = await createTestApp(store(), dataDir(), { refLookupLimit: { burst: 5, perMinute: 5 } });
    });

    describe('public case ids', () => {
      it('are 32 random-looking hex characters, not the sequential internal id, and resolve only as issued', async () => {
        const a = await open();
        const b = await open();
        for (const c of [a, b]) expect(c.id).toMatch(/^[0-9a-f]{32}$/);
        const ids = caseIdCodecFor(t.deps.hmacKey);
        const [ia, ib] = [ids.decode(a.id)!, ids.decode(b.id)!];
        expect(ib).toBe(ia + 1); // sequential inside...
        expect(a.id.slice(0, 8)).not.toBe(b.id.slice(0, 8)); // ...but nothing shows it outside
        expect((await t.call('analyst', 'GET', `/api/cases/${b.id}`)).status).toBe(200);
        // The old guessable forms, a neighbour's id and another deployment's id are all unknown.
        for (const guess of [
          String(ia),
          String(ib + 1),
          ids.encode(ib + 1000),
          new CaseIdCodec(randomBytes(32)).encode(ia),
        ]) {
          const res = await t.call('analyst', 'GET', `/api/cases/${guess}`);
          if (guess === ids.encode(ib + 1000)) continue; // a valid form of a case that does not exist yet
          expect(res.status, guess).toBe(404);
          expect((await res.json()).code).toBe('case_not_found');
        }
        const moved = await t.call('manager', 'POST', `/api/cases/${String(ia)}/events`, {
          event: 'accept_referral',
        });
        expect(moved.status).toBe(404);
      });

      it('are the same ids in stage lists and the overdue list', async () => {
        const c = await open();
        const list = await (await t.call('manager', 'GET', '/api/stages/front_door/cases?limit=1000')).json();
        expect(list.cases.map((x: { id: string }) => x.id)).toContain(c.id);
        for (const x of list.cases) expect(x.id).toMatch(/^[0-9a-f]{32}$/);
        const overdue = await t.call('manager', 'GET', '/api/analytics/overdue?asOf=2025-06-01');
        if (overdue.status === 200) {
          for (const x of (await overdue.json()).cases) expect(String(x.caseId)).toMatch(/^[0-9a-f]{32}$/);
        }
      });
    });

    describe('case-ref look-ups', () => {
      it('are throttled per token (429 problem+json with Retry-After) and audited found or not, never with the ref', async () => {
        const app = await createTestApp(store(), dataDir(), { refLookupLimit: { burst: 3, perMinute: 1 } });
        const source = ref();
        const opened = await app.call('manager', 'POST', '/api/cases', {
          caseRef: source,
          occurredAt: '2025-01-06',
        });
        const { id } = (await opened.json()).case;
        const before = (await auditOf('case.lookup')).length;
        const found = await app.call('analyst', 'GET', `/api/cases?caseRef=${encodeURIComponent(source)}`);
        expect((await found.json()).case.id).toBe(id);
        expect((await app.call('analyst', 'GET', '/api/cases?caseRef=NOBODY-1')).status).toBe(404);
        expect((await app.call('analyst', 'GET', '/api/cases?caseRef=NOBODY-2')).status).toBe(404);
        const limited = await app.call('analyst', 'GET', '/api/cases?caseRef=NOBODY-3');
        expect(limited.status).toBe(429);
        expect(limited.headers.get('content-type')).toMatch(/application\/problem\+json/);
        expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(await limited.json()).toMatchObject({ status: 429, code: 'too_many_requests' });
        // Per caller: another token still has its own allowance.
        expect((await app.call('manager', 'GET', '/api/cases?caseRef=NOBODY-4')).status).toBe(404);

        const rows = (await auditOf('case.lookup')).slice(0, (await auditOf('case.lookup')).length - before);
        expect(rows).toHaveLength(4);
        const internal = caseIdCodecFor(app.deps.hmacKey).decode(id);
        expect(rows.map((r) => [r.caseId, (r.detail as { found: boolean }).found]).reverse()).toEqual([
          [internal, true],
          [null, false],
          [null, false],
          [null, false],
        ]);
        const text = JSON.stringify(await store().audit.list({ limit: 10_000 }));
        for (const raw of [source, 'NOBODY-1', 'NOBODY-3']) expect(text).not.toContain(raw);
      });
    });

    describe('HMAC key fingerprint', () => {
      it('is recorded on first start, and another key on the same database is refused with a clear message', async () => {
        const recorded = await store().settings.get('hmac_key_fingerprint');
        expect(recorded).toBe(keyFingerprint(t.deps.hmacKey));
        expect(recorded).not.toContain(t.deps.hmacKey.toString('hex'));
        await expect(checkHmacKey(store().settings, t.deps.hmacKey)).resolves.toBe(false);
        const other = randomBytes(32);
        const refused = checkHmacKey(store().settings, other);
        await expect(refused).rejects.toBeInstanceOf(HmacKeyMismatchError);
        await expect(checkHmacKey(store().settings, other)).rejects.toThrow(
          /another HMAC key.*CONTINUUM_HMAC_KEY/,
        );
        expect(await store().settings.get('hmac_key_fingerprint')).toBe(recorded);
      });
    });

    describe('tokens', () => {
      it('lists (never secrets), creates with expiry and revokes through the admin API; only admins may', async () => {
        const created = await t.call('admin', 'POST', '/api/tokens', {
          role: 'analyst',
          label: 'analytics team',
          expiresIn: '30d',
        });
        expect(created.status).toBe(201);
        const { token, record } = await created.json();
        expect(token).toMatch(/^ctm_/);
        expect(Date.parse(record.expiresAt) - Date.now()).toBeGreaterThan(29 * 86_400_000);
        const me = () => t.app.request('/api/me', { headers: { authorization: `Bearer ${token}` } });
        expect((await me()).status).toBe(200);

        const list = await (await t.call('admin', 'GET', '/api/tokens')).json();
        expect(list.tokens.find((x: { id: number }) => x.id === record.id)).toMatchObject({
          role: 'analyst',
          status: 'active',
        });
        expect(JSON.stringify(list)).not.toContain(token);
        expect(JSON.stringify(list)).not.toMatch(/hash/i);

        const revoked = await t.call('admin', 'DELETE', `/api/tokens/${record.id}`);
        expect(revoked.status).toBe(200);
        expect((await revoked.json()).record).toMatchObject({ status: 'revoked' });
        // Revoked through this instance: at once, not only after the cache TTL.
        expect((await me()).status).toBe(401);
        expect((await t.call('admin', 'DELETE', '/api/tokens/999999')).status).toBe(404);

        for (const role of ['designer', 'manager', 'analyst', 'viewer'] as const) {
          expect((await t.call(role, 'GET', '/api/tokens')).status).toBe(403);
          expect((await t.call(role, 'POST', '/api/tokens', { role: 'admin', label: 'x' })).status).toBe(403);
        }
        for (const bad of [
          { role: 'admin', label: 'x', expiresIn: 'forever' },
          { role: 'admin', label: 'x', expiresIn: '99999w' },
          // Past 5 years of 365.25 days, in any unit.
          { role: 'admin', label: 'x', expiresIn: '1827d' },
          { role: 'admin', label: 'x', expiresIn: '261w' },
          { role: 'admin', label: 'x', expiresIn: '43849h' },
          { role: 'wizard', label: 'x' },
          { role: 'viewer', label: 'Jane Smith' },
        ]) {
          const res = await t.call('admin', 'POST', '/api/tokens', bad);
          expect(res.status, JSON.stringify(bad)).toBe(422);
        }
        const spec = await (await t.app.request('/openapi.json')).json();
        expect(Object.keys(spec.paths)).toEqual(
          expect.arrayContaining(['/api/tokens', '/api/tokens/{tokenId}']),
        );
      });

      it('an expired or revoked token answers 401 within the cache TTL', async () => {
        const cached = await createTestApp(store(), dataDir(), { tokenCacheMs: 150 });
        // Margins of seconds, not milliseconds: a loaded CI machine must not expire it before the first call.
        const expiresAt = Date.now() + 3000;
        const { token, record } = await store().tokens.create('viewer', 'short', { expiresAt });
        const me = () => cached.app.request('/api/me', { headers: { authorization: `Bearer ${token}` } });
        expect((await me()).status).toBe(200);
        await new Promise((r) => setTimeout(r, expiresAt - Date.now() + 200));
        expect((await me()).status).toBe(401);

        const other = await store().tokens.create('viewer', 'to revoke');
        const me2 = () =>
          cached.app.request('/api/me', { headers: { authorization: `Bearer ${other.token}` } });
        expect((await me2()).status).toBe(200);
        await store().tokens.revoke(other.record.id); // e.g. by the CLI or another instance
        await new Promise((r) => setTimeout(r, 200));
        expect((await me2()).status).toBe(401);
        expect((await store().tokens.list()).find((x) => x.id === record.id)?.expiresAt).toBeLessThan(
          Date.now(),
        );
      });

      it('a shared database gets one first admin token, however many instances start on it', async () => {
        const first = await createFirstAdminToken(store());
        const second = await createFirstAdminToken(store());
        // The test app's own admin token already exists, so neither instance mints one...
        expect([first, second]).toEqual([undefined, undefined]);
        // ...and with every admin revoked, a restart still does not: the first one was issued.
        for (const tok of await store().tokens.list())
          if (tok.role === 'admin') await store().tokens.revoke(tok.id);
        expect(await createFirstAdminToken(store())).toBeUndefined();
        t = await createTestApp(store(), dataDir(), { refLookupLimit: { burst: 5, perMinute: 5 } });
      });
    });

    describe('failed authentication', () => {
      it('is throttled per client address (429 with Retry-After) without slowing valid cached tokens', async () => {
        const app = await createTestApp(store(), dataDir(), {
          failedAuthLimits: {
            perAddress: { burst: 5, perMinute: 1 },
            global: { burst: 1000, perMinute: 1000 },
          },
        });
        const good = { authorization: `Bearer ${app.tokens.viewer}` };
        const bad = { authorization: 'Bearer ctm_wrong' };
        expect((await app.app.request('/api/me', { headers: good }, from('10.0.0.1'))).status).toBe(200);
        const statuses = [];
        for (let i = 0; i < 8; i++) {
          statuses.push((await app.app.request('/api/me', { headers: bad }, from('10.0.0.1'))).status);
        }
        expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
        const limited = await app.app.request('/api/me', { headers: bad }, from('10.0.0.1'));
        expect(limited.headers.get('content-type')).toMatch(/application\/problem\+json/);
        expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
        expect((await limited.json()).code).toBe('too_many_requests');
        // A token already verified keeps working from the blocked address; other addresses are untouched.
        expect((await app.app.request('/api/me', { headers: good }, from('10.0.0.1'))).status).toBe(200);
        expect((await app.app.request('/api/me', { headers: bad }, from('10.0.0.2'))).status).toBe(401);
      });

      it('is throttled server-wide when many addresses fail', async () => {
        const app = await createTestApp(store(), dataDir(), {
          failedAuthLimits: {
            perAddress: { burst: 100, perMinute: 100 },
            global: { burst: 6, perMinute: 1 },
          },
        });
        const bad = { authorization: 'Bearer ctm_wrong' };
        const statuses = [];
        for (let i = 0; i < 9; i++) {
          statuses.push((await app.app.request('/api/me', { headers: bad }, from(`10.1.0.${i}`))).status);
        }
        expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429, 429, 429]);
      });
    });

    describe('audit', () => {
      it('records 401 (without the token), 403, token create/revoke, drafts, scenarios and simulations', async () => {
        const bad = 'ctm_not-a-real-token-secret';
        await t.app.request('/api/me', { headers: { authorization: `Bearer ${bad}` } }, from('10.9.9.9'));
        await t.app.request('/api/me');
        const unauthorized = await auditOf('auth.unauthorized');
        expect(unauthorized[0]).toMatchObject({
          tokenId: null,
          detail: { reason: 'missing', method: 'GET', path: '/api/me' },
        });
        expect(unauthorized[1]).toMatchObject({ detail: { reason: 'invalid', address: '10.9.9.9' } });
        expect(JSON.stringify(unauthorized)).not.toContain(bad);

        expect((await t.call('viewer', 'GET', '/api/tokens')).status).toBe(403);
        expect((await auditOf('auth.forbidden'))[0]).toMatchObject({
          role: 'viewer',
          detail: { method: 'GET', path: '/api/tokens' },
        });

        const created = await (
          await t.call('admin', 'POST', '/api/tokens', { role: 'viewer', label: 'audit me' })
        ).json();
        await t.call('admin', 'DELETE', `/api/tokens/${created.record.id}`);
        expect((await auditOf('token.create'))[0]).toMatchObject({
          role: 'admin',
          detail: { id: created.record.id, role: 'viewer', label: 'audit me' },
        });
        expect((await auditOf('token.revoke'))[0]).toMatchObject({
          role: 'admin',
          detail: { id: created.record.id },
        });
        expect(JSON.stringify(await auditOf('token.create'))).not.toContain(created.token);

        expect(
          (await t.call('designer', 'PUT', '/api/pathways/continuum_of_need/draft', defaultPathway)).status,
        ).toBe(200);
        expect((await auditOf('draft.save'))[0]).toMatchObject({
          role: 'designer',
          detail: { pathwayId: 'continuum_of_need' },
        });

        const scenario = await t.call('analyst', 'POST', '/api/scenarios', {
          name: 'More early help',
          request: {
            pathwayId: 'continuum_of_need',
            scenario: { capacity: { early_help: 60 } },
            horizonDays: 60,
            replications: 2,
          },
        });
        expect(scenario.status).toBe(201);
        expect((await auditOf('scenario.create'))[0]).toMatchObject({
          role: 'analyst',
          detail: { id: (await scenario.json()).id, pathwayId: 'continuum_of_need' },
        });

        const run = await t.call('analyst', 'POST', '/api/simulations', {
          pathwayId: 'continuum_of_need',
          replications: 2,
          horizonDays: 30,
          warmupDays: 0,
          seed: 1,
        });
        expect(run.status).toBe(202);
        const { id } = await run.json();
        expect((await auditOf('simulation.create'))[0]).toMatchObject({ role: 'analyst', detail: { id } });
        await t.call('analyst', 'DELETE', `/api/simulations/${id}`);
      });

      it('records a stage-list read with the ids of the cases listed', async () => {
        const c = await open();
        const list = await (await t.call('analyst', 'GET', '/api/stages/front_door/cases?limit=1000')).json();
        const rows = (await auditOf('stage.cases.read')).slice(0, list.count);
        const ids = caseIdCodecFor(t.deps.hmacKey);
        expect(rows.map((r) => r.caseId).sort()).toEqual(
          list.cases.map((x: { id: string }) => ids.decode(x.id)).sort(),
        );
        expect(rows.map((r) => r.caseId)).toContain(ids.decode(c.id));
      });
    });
  },
);
