import { describe, expect, it } from 'vitest';
import type { Actor } from '../auth/auth.types.ts';
import { mayAccessProject, type ProjectOwner } from './projects.access.ts';

const actor = (
  role: Actor['role'],
  territories: string[],
  organisation: string | null = null,
  userId = 'u1',
): Actor => ({
  userId,
  email: `${userId}@test.example`,
  name: null,
  role,
  organisation,
  territories,
  via: 'token',
});

const project = (
  territories: string[],
  ownerOrganisation: string | null = 'GPS&O',
  createdBy: string | null = 'creator',
): ProjectOwner => ({
  territories,
  ownerOrganisation,
  createdBy,
});

describe('mayAccessProject', () => {
  it('lets admins see every project, and never editors', () => {
    expect(mayAccessProject(actor('admin', []), project(['200059889']))).toBe(true);
    expect(mayAccessProject(actor('editor', ['200059889'], 'GPS&O'), project(['200059889']))).toBe(false);
  });

  it('lets staff see projects of their territories only', () => {
    expect(mayAccessProject(actor('staff', ['200059889', '246700488']), project(['246700488']))).toBe(true);
    expect(mayAccessProject(actor('staff', ['200058014']), project(['246700488']))).toBe(false);
  });

  it('lets an agency-wide colleague (same organisation, no territory) see the organisation’s projects', () => {
    expect(mayAccessProject(actor('staff', [], 'GPS&O'), project(['200059889'], 'GPS&O'))).toBe(true);
    expect(mayAccessProject(actor('staff', [], 'Autre'), project(['200059889'], 'GPS&O'))).toBe(false);
  });

  it('matches by organisation for a project without territory, but not across territories of one organisation', () => {
    expect(mayAccessProject(actor('staff', ['200058014'], 'GPS&O'), project([], 'GPS&O'))).toBe(true);
    expect(mayAccessProject(actor('staff', ['200058014'], 'GPS&O'), project(['200059889'], 'GPS&O'))).toBe(
      false,
    );
  });

  it('never matches two missing organisations, but always lets the creator in', () => {
    expect(mayAccessProject(actor('staff', [], null), project([], null))).toBe(false);
    expect(mayAccessProject(actor('staff', [], null, 'creator'), project([], null))).toBe(true);
  });
});
