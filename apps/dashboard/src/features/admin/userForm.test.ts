import { describe, expect, test } from 'vitest';
import { createInput, emptyDraft, type NewUserDraft, validateDraft } from './userForm.ts';

const good: NewUserDraft = {
  ...emptyDraft,
  email: ' New.Person@agency.org ',
  role: 'supervisor',
  teamIds: ['team-01'],
  password: 'a long enough pass',
  confirm: 'a long enough pass',
};

describe('validateDraft', () => {
  test('a complete draft has no problems', () => {
    expect(validateDraft(good)).toEqual({});
  });
  test.each<[Partial<NewUserDraft>, Record<string, string>]>([
    [{ email: '' }, { email: 'Enter the email address the person signs in with.' }],
    [{ email: 'not-an-email' }, { email: 'Enter an email address such as name@agency.org.' }],
    [{ role: '', teamIds: [] }, { role: 'Choose a role.' }],
    [{ teamIds: [] }, { teamIds: 'A supervisor needs at least one team.' }],
    [{ role: 'program_manager' }, { programIds: 'A program manager needs at least one program.' }],
    [{ role: 'case_manager' }, { staffId: 'Choose the staff record of this case manager.' }],
    [{ password: 'short', confirm: 'short' }, { password: 'A password must be at least 12 characters.' }],
    [{ password: ' '.repeat(12), confirm: ' '.repeat(12) }, { password: 'A password cannot be only spaces.' }],
    [{ confirm: 'a long enough pasS' }, { confirm: 'The two passwords are not the same.' }],
  ])('%j → %j', (change, errors) => {
    expect(validateDraft({ ...good, ...change })).toEqual(errors);
  });
  test('a director needs no scope', () => {
    expect(validateDraft({ ...good, role: 'director', teamIds: [] })).toEqual({});
  });
});

test.each([
  ['supervisor', { teamIds: ['team-01'], programIds: [], staffId: null }],
  ['program_manager', { teamIds: [], programIds: ['oaa'], staffId: null }],
  ['case_manager', { teamIds: [], programIds: [], staffId: 'st-1' }],
  ['director', { teamIds: [], programIds: [], staffId: null }],
] as const)('createInput for a %s sends only that role’s scope', (role, scope) => {
  const draft = { ...good, role, teamIds: ['team-01'], programIds: ['oaa'], staffId: 'st-1' };
  expect(createInput(draft)).toEqual({ email: 'New.Person@agency.org', role, password: 'a long enough pass', ...scope });
});
