import { z } from 'zod';
import { FORMULA_MESSAGE, looksLikeFormula } from '../../shared/csv.ts';
import { ROLES } from './auth.types.ts';

export const loginSchema = z.strictObject({
  email: z.email({ message: 'expected an email address' }).max(200),
  password: z.string().min(1, 'password is required').max(500),
});

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
