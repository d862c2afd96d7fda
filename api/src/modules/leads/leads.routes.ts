/**
 * HTTP of the leads module, mounted at /api/leads: the public form (token, then the request,
 * per-IP budget) and the staff's "Nouvelles demandes" (list, unread count, mark read).
 */
import { Router } from 'express';
import { DomainError } from '../../shared/errors.ts';
import type { RateLimit } from '../../shared/rate-limit.ts';
import { requireRole } from '../auth/auth.middleware.ts';
import type { LeadsService } from './leads.service.ts';

export function leadsRoutes(leads: LeadsService, limiter: RateLimit): Router {
  const r = Router();
  const staff = requireRole('admin', 'staff');
  r.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'private, no-store');
    next();
  });

  r.get('/form-token', async (_req, res) => {
    res.json(await leads.formToken());
  });

  r.post('/', async (req, res) => {
    const wait = await limiter.take(req.ip ?? 'unknown');
    if (wait > 0) {
      res.setHeader('Retry-After', String(wait));
      throw new DomainError(
        429,
        'lead_rate_limited',
        `Too many requests sent from this address; try again in ${Math.ceil(wait / 60)} min.`,
        { retryAfterSeconds: wait },
      );
    }
    await leads.submit(req.body, String(req.id));
    // Kept or dropped as spam: the same answer (the sender learns nothing about the guards).
    res.status(202).json({ status: 'received' });
  });

  r.get('/', staff, async (req, res) => {
    res.json(await leads.list(req.query, req.actor!));
  });

  r.get('/unread-count', staff, async (req, res) => {
    res.json(await leads.unreadCount(req.actor!));
  });

  r.post('/read', staff, async (req, res) => {
    res.json(await leads.markRead(null, req.actor!));
  });

  r.post('/:id/read', staff, async (req, res) => {
    res.json(await leads.markRead(String(req.params.id), req.actor!));
  });

  return r;
}
