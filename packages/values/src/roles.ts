/** The roles of a user account; access to every procedure is decided by these. */
export const USER_ROLES = ['admin', 'director', 'program_manager', 'supervisor', 'case_manager', 'board'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** The roles of a staff member in the agency's records (staff.csv), which are not accounts. */
export const STAFF_ROLES = ['case_manager', 'supervisor', 'program_manager', 'director', 'other'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
