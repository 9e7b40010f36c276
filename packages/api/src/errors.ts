/**
 * A failure a person can act on, raised by a service (shared by tRPC and the CLI).
 * Routers turn it into the tRPC error of the same code; the CLI prints the message.
 */
export type ServiceErrorCode = 'BAD_REQUEST' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN';

export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}
