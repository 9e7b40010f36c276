/**
 * The vocabulary of the synthetic agency: funded programs, places, languages, staff
 * names, providers and the short standard phrases of surveys and QA reviews. Nothing
 * here names or describes a client; clients are ids, birth years, counties,
 * languages and programs.
 */

export interface ProgramSpec {
  programId: string;
  name: string;
  funder: string;
  /** short label used in team names */
  short: string;
  /** client ages at enrollment: [min, max, typical] */
  ages: readonly [number, number, number];
  goalDomains: readonly string[];
}

const AGING_GOALS = [
  'personal care',
  'home safety',
  'nutrition',
  'medication management',
  'mobility and falls prevention',
  'social connection',
  'transportation',
  'financial stability',
  'health management',
] as const;

/** In the order programs are added as the agency grows (scale s takes the first 3). */
export const PROGRAMS: readonly ProgramSpec[] = [
  {
    programId: 'hcbs-waiver',
    name: 'Medicaid HCBS Elderly and Disabled Waiver',
    funder: 'Medicaid, 1915(c) waiver',
    short: 'Waiver',
    ages: [60, 102, 80],
    goalDomains: AGING_GOALS,
  },
  {
    programId: 'oaa-iii-b',
    name: 'Title III-B Case Management',
    funder: 'Older Americans Act Title III-B',
    short: 'Title III',
    ages: [60, 100, 78],
    goalDomains: AGING_GOALS,
  },
  {
    programId: 'state-inhome',
    name: 'State In-Home Services',
    funder: 'State general fund',
    short: 'In-Home',
    ages: [60, 100, 79],
    goalDomains: AGING_GOALS,
  },
  {
    programId: 'caregiver-iii-e',
    name: 'Family Caregiver Support (Title III-E)',
    funder: 'Older Americans Act Title III-E',
    short: 'Caregiver',
    ages: [40, 92, 66],
    goalDomains: ['caregiver support', 'respite planning', 'health management', 'social connection', 'financial stability'],
  },
  {
    programId: 'ds-tcm',
    name: 'Developmental Services Targeted Case Management',
    funder: 'Medicaid targeted case management',
    short: 'DS',
    ages: [18, 75, 34],
    goalDomains: ['daily living skills', 'community participation', 'employment', 'health management', 'housing stability', 'social connection'],
  },
  {
    programId: 'apd-waiver',
    name: 'Adults with Physical Disabilities Waiver',
    funder: 'Medicaid, 1915(c) waiver',
    short: 'APD',
    ages: [21, 64, 50],
    goalDomains: ['personal care', 'home safety', 'employment', 'transportation', 'health management', 'housing stability'],
  },
  {
    programId: 'care-transitions',
    name: 'Care Transitions and Options Counseling',
    funder: 'ADRC / Medicaid administrative match',
    short: 'Transitions',
    ages: [50, 100, 76],
    goalDomains: ['medication management', 'health management', 'home safety', 'personal care'],
  },
  {
    programId: 'vd-care',
    name: 'Veteran-Directed Care',
    funder: 'Veterans Health Administration',
    short: 'Veteran',
    ages: [55, 99, 77],
    goalDomains: ['personal care', 'caregiver support', 'health management', 'transportation'],
  },
];

export const REGIONS: readonly { regionId: string; label: string }[] = [
  { regionId: 'north', label: 'North' },
  { regionId: 'south', label: 'South' },
  { regionId: 'east', label: 'East' },
  { regionId: 'west', label: 'West' },
  { regionId: 'central', label: 'Central' },
  { regionId: 'valley', label: 'Valley' },
  { regionId: 'coast', label: 'Coast' },
  { regionId: 'metro', label: 'Metro' },
];

export const COUNTIES: readonly string[] = [
  'Adams', 'Benton', 'Clark', 'Douglas', 'Franklin', 'Grant', 'Jefferson', 'Lincoln',
  'Madison', 'Marion', 'Monroe', 'Warren', 'Wayne', 'Union', 'Jackson', 'Greene',
  'Hamilton', 'Lake', 'Polk', 'Carroll', 'Clay', 'Fayette', 'Hancock', 'Lawrence',
  'Logan', 'Morgan', 'Perry', 'Pike', 'Putnam', 'Shelby', 'Sullivan', 'Scott',
  'Boone', 'Calhoun', 'Crawford', 'Dallas', 'Harrison', 'Henry', 'Knox', 'Lee',
  'Marshall', 'Mercer', 'Montgomery', 'Randolph', 'Richland', 'Taylor', 'Webster', 'Wood',
];

/** Non-English languages (ISO 639-1) and how often a team serves them. */
export const LANGUAGES: readonly (readonly [string, number])[] = [
  ['es', 45],
  ['vi', 11],
  ['zh', 11],
  ['ru', 7],
  ['ko', 6],
  ['tl', 6],
  ['ar', 4],
  ['fa', 3],
  ['ht', 2],
  ['pt', 2],
  ['so', 2],
  ['uk', 1],
];

export const FIRST_NAMES: readonly string[] = [
  'Maria', 'James', 'Linda', 'Robert', 'Patricia', 'Michael', 'Jennifer', 'David', 'Elizabeth', 'William',
  'Susan', 'Richard', 'Jessica', 'Joseph', 'Sarah', 'Thomas', 'Karen', 'Daniel', 'Nancy', 'Matthew',
  'Lisa', 'Anthony', 'Angela', 'Mark', 'Michelle', 'Steven', 'Laura', 'Andrew', 'Kimberly', 'Kevin',
  'Amy', 'Brian', 'Rebecca', 'Jason', 'Rachel', 'Eric', 'Carmen', 'Luis', 'Rosa', 'Jorge',
  'Ana', 'Miguel', 'Lucia', 'Carlos', 'Thu', 'Minh', 'Lan', 'Wei', 'Mei', 'Jun',
  'Olga', 'Irina', 'Dmitri', 'Ji-woo', 'Min-jun', 'Teresa', 'Nadia', 'Omar', 'Farah', 'Grace',
  'Denise', 'Tanya', 'Marcus', 'Andre', 'Keisha', 'Darnell', 'Erin', 'Colleen', 'Sean', 'Megan',
];

export const LAST_NAMES: readonly string[] = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
  'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts',
  'Tran', 'Pham', 'Chen', 'Wang', 'Liu', 'Kim', 'Park', 'Ivanova', 'Petrov', "O'Brien",
  'Murphy', 'Sullivan', 'Reyes', 'Cruz', 'Ortiz', 'Morales', 'Santos', 'Haddad', 'Rahimi', 'Okafor',
];

export const SERVICE_TYPES: readonly (readonly [string, number])[] = [
  ['personal care', 22],
  ['home-delivered meals', 20],
  ['homemaker', 15],
  ['transportation', 10],
  ['personal emergency response', 8],
  ['respite', 6],
  ['adult day', 5],
  ['chore', 4],
  ['home modification', 4],
  ['legal assistance', 3],
  ['caregiver training', 3],
];

/** Providers in the order they are contracted; each offers one to three service types. */
export const PROVIDERS: readonly { name: string; serviceTypes: readonly string[] }[] = [
  { name: 'Valley Home-Delivered Meals', serviceTypes: ['home-delivered meals'] },
  { name: 'Cedar Personal Care Agency', serviceTypes: ['personal care', 'homemaker'] },
  { name: 'Harbor Adult Day Center', serviceTypes: ['adult day', 'respite'] },
  { name: 'Summit Transportation Cooperative', serviceTypes: ['transportation'] },
  { name: 'Brightside Home Care', serviceTypes: ['personal care', 'homemaker', 'respite'] },
  { name: 'SafeLink Emergency Response', serviceTypes: ['personal emergency response'] },
  { name: 'Pinecrest Home Repair and Modification', serviceTypes: ['home modification', 'chore'] },
  { name: 'Community Legal Aid for Seniors', serviceTypes: ['legal assistance'] },
  { name: 'Riverbend In-Home Services', serviceTypes: ['homemaker', 'chore', 'personal care'] },
  { name: 'Caregiver Learning Network', serviceTypes: ['caregiver training', 'respite'] },
  { name: 'Northgate Meals Program', serviceTypes: ['home-delivered meals'] },
  { name: 'Lakeside Respite Services', serviceTypes: ['respite', 'adult day'] },
  { name: 'Evergreen Personal Care', serviceTypes: ['personal care'] },
  { name: 'County Dial-a-Ride', serviceTypes: ['transportation'] },
  { name: 'Hearth and Home Homemaker Services', serviceTypes: ['homemaker', 'chore'] },
  { name: 'Guardian Alert Systems', serviceTypes: ['personal emergency response'] },
  { name: 'Sunrise Adult Day Health', serviceTypes: ['adult day'] },
  { name: 'Open Door Home Modifications', serviceTypes: ['home modification'] },
  { name: 'Willow Creek Home Care', serviceTypes: ['personal care', 'respite'] },
  { name: 'Fresh Start Nutrition Services', serviceTypes: ['home-delivered meals'] },
  { name: 'Mountain View Transportation', serviceTypes: ['transportation'] },
  { name: 'Helping Hands Chore Services', serviceTypes: ['chore', 'homemaker'] },
  { name: 'Family Caregiver Alliance Training', serviceTypes: ['caregiver training'] },
  { name: 'Maple Grove Personal Care', serviceTypes: ['personal care', 'homemaker'] },
  { name: 'Elder Law Clinic', serviceTypes: ['legal assistance'] },
  { name: 'Horizon Respite Partners', serviceTypes: ['respite'] },
  { name: 'Silver Wheels Transit', serviceTypes: ['transportation'] },
  { name: 'Cornerstone Home Care', serviceTypes: ['personal care', 'homemaker', 'chore'] },
  { name: 'Meadowbrook Meals', serviceTypes: ['home-delivered meals'] },
  { name: 'Lifeline Response Partners', serviceTypes: ['personal emergency response'] },
];

/** Index into PROVIDERS of the provider whose services start slowly (a staffing shortage). */
export const SLOW_PROVIDER_INDEX = 1;

export const CLOSURE_REASONS_BY_TIER: Record<1 | 2 | 3 | 4, readonly (readonly [string, number])[]> = {
  1: [['goals_met', 38], ['moved', 14], ['declined_services', 18], ['ineligible', 10], ['transferred', 8], ['deceased', 4], ['nursing_facility', 3], ['other', 5]],
  2: [['goals_met', 26], ['moved', 12], ['declined_services', 14], ['ineligible', 8], ['transferred', 10], ['deceased', 12], ['nursing_facility', 12], ['other', 6]],
  3: [['goals_met', 14], ['moved', 8], ['declined_services', 8], ['ineligible', 4], ['transferred', 10], ['deceased', 26], ['nursing_facility', 24], ['other', 6]],
  4: [['goals_met', 6], ['moved', 4], ['declined_services', 4], ['ineligible', 2], ['transferred', 8], ['deceased', 40], ['nursing_facility', 32], ['other', 4]],
};

export const POSITIVE_COMMENTS: readonly string[] = [
  'My case manager always calls me back.',
  'The help I get lets me stay in my own home.',
  'Very respectful and patient with me.',
  'The meals arrive on time and are good.',
  'I feel listened to.',
  'My case manager explained everything clearly.',
  'Thank you for the help with my paperwork.',
  'The aide is kind and reliable.',
  'I know who to call when something changes.',
  'Services started quickly after my visit.',
  'My family feels more supported now.',
  'Everything is working well, thank you.',
];

export const NEUTRAL_COMMENTS: readonly string[] = [
  'It would help to have more evening hours.',
  'Sometimes it takes a few days to get a call back.',
  'The forms are long and confusing.',
  'I would like more information about transportation.',
  'Services are good, but the schedule changes a lot.',
  'I was not sure what my choices were at first.',
];

export const NEGATIVE_COMMENTS: readonly string[] = [
  'It is hard to reach my case manager.',
  'I waited a long time for my aide to start.',
  'I had to explain my situation again to someone new.',
  'Nobody told me my case manager had changed.',
  'My calls were not returned for weeks.',
  'The services do not cover what I need.',
  'I did not get a visit for a long time.',
];

/** The dip story's comments: a team short two case managers. */
export const TURNOVER_COMMENTS: readonly string[] = [
  'I have had three case managers this year and had to start over each time.',
  'Nobody told me my case manager had left.',
  'My calls were not returned for weeks.',
  'It is hard to reach anyone at the office lately.',
  'I had to explain my situation again to someone new.',
];

export const FINDINGS_MINOR: readonly string[] = [
  'Service plan signature date missing',
  'Contact note lacks outcome of call',
  'Emergency contact not updated at reassessment',
  'Release of information expired',
  'Provider authorization dates not documented',
];

export const FINDINGS_MAJOR: readonly string[] = [
  'Contact frequency below standard for tier',
  'Reassessment completed late',
  'Face-to-face visit not documented within standard',
  'Client choice and right to refuse services not documented',
  'Service plan goals not updated after change in condition',
  'Referral follow-up not documented',
  'Person-centered plan not signed by client',
];

export const CORRECTIVE_ACTIONS: readonly string[] = [
  'Complete missing contact and document outcome',
  'Schedule reassessment within 14 days',
  'Update service plan with client and obtain signature',
  'Document choice counseling at next visit',
  'Supervisor to review caseload contact log monthly for 90 days',
  'Follow up with provider and document service start',
  'Renew release of information with client',
];
