/** Bad usage: exit 2 with the command's usage line. */
export class UsageError extends Error {}
/** Bad input or a failure the user can act on: exit 1 with this message. */
export class CliError extends Error {}
