/**
 * The auth contract: the login body, the user an admin creates, and what `POST /api/auth/login`
 * and `GET /api/auth/me` return (`looseObject`s: fields may be added).
 */
import { z } from 'zod';
import { FORMULA_MESSAGE, looksLikeFormula } from '../../shared/csv.ts';
import { component, described } from '../openapi/openapi.registry.ts';
import { ROLES } from './auth.types.ts';

export const loginSchema = z.strictObject({
  email: z.email({ message: 'expected an email address' }).max(200),
  password: z.string().min(1, 'password is required').max(500),
});
component('Login', loginSchema);

export const newUserSchema = z.strictObject({
  email: z.email({ message: 'expected an email address' }).max(200),
  role: z.enum(ROLES),
  password: z.string().min(10, 'passwords need at least 10 characters').max(500).optional(),
  territories: z.array(z.string().regex(/^\d{9}$/, 'a territory is a 9-digit SIREN')).default([]),
  name: z
    .string()
    .max(200)
    .refine((t) => !looksLikeFormula(t), FORMULA_MESSAGE)
    .optional(),
  organisation: z
    .string()
    .max(200)
    .refine((t) => !looksLikeFormula(t), FORMULA_MESSAGE)
    .optional(),
});

const userSchema = component(
  'User',
  z.looseObject({
    id: z.uuid(),
    email: z.string(),
    name: z.string().nullable(),
    role: z.enum(ROLES),
    organisation: z.string().nullable(),
    territories: described(z.array(z.string()), 'EPCI/EPT SIRENs the user works for.'),
  }),
);

export const loginResponseSchema = component(
  'Session',
  z.looseObject({
    user: userSchema,
    csrfToken: described(z.string(), 'Send it as X-CSRF-Token on every write of this session.'),
    expiresAt: z.iso.datetime(),
  }),
);

export const meSchema = component(
  'Me',
  z.looseObject({
    user: userSchema,
    csrfToken: z.string().nullable(),
    via: z.enum(['session', 'token']),
  }),
);

export type SessionUser = z.output<typeof userSchema>;
export type LoginResponse = z.output<typeof loginResponseSchema>;
export type Me = z.output<typeof meSchema>;
