/**
 * Every error leaves the API in one shape: `{ error: { code, message, details? }, requestId }`.
 * Expected refusals carry a stable code; anything unexpected is logged in full and answered
 * with a generic 500 that reveals nothing about the internals.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorCode } from '../errors.js';
import { AppError, defaultMessage } from '../errors.js';

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
  requestId: string;
}

export function sendError(
  reply: FastifyReply,
  request: FastifyRequest,
  error: AppError,
): FastifyReply {
  const body: ErrorBody = {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details === undefined ? {} : { details: error.details }),
    },
    requestId: request.id,
  };
  const retryAfter = (error.details as { retryAfterSeconds?: unknown } | undefined)
    ?.retryAfterSeconds;
  if (error.code === 'RATE_LIMITED' && typeof retryAfter === 'number') {
    reply.header('retry-after', String(retryAfter));
  }
  return reply.code(error.statusCode).type('application/json; charset=utf-8').send(body);
}

export function routeNotFound(request: FastifyRequest): AppError {
  const path = (request.url.split('?')[0] ?? '').slice(0, 200);
  return new AppError('ROUTE_NOT_FOUND', `There is no endpoint ${request.method} ${path}.`);
}

/** Maps framework errors (bad JSON, body too large, …) to our codes. */
function fromFastifyError(error: FastifyError): AppError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('INVALID_JSON');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE');
    default:
      break;
  }
  if (error.statusCode === 413) return new AppError('PAYLOAD_TOO_LARGE');
  if (error.statusCode === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE');
  if (error.statusCode === 429) return new AppError('RATE_LIMITED');
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new AppError('BAD_REQUEST', defaultMessage('BAD_REQUEST'));
  }
  return undefined;
}

export default fp(
  (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof AppError) return sendError(reply, request, error);

      if (hasZodFastifySchemaValidationErrors(error)) {
        const fields = error.validation.map((issue) => ({
          // instancePath is '/body/start' style in zod provider 7; keep it readable: 'body.start'
          field: [error.validationContext, ...issue.instancePath.split('/').filter(Boolean)]
            .filter(Boolean)
            .join('.'),
          message: issue.message,
        }));
        return sendError(reply, request, new AppError('VALIDATION_FAILED', undefined, { fields }));
      }

      const mapped = fromFastifyError(error);
      if (mapped) {
        request.log.info({ code: error.code, err: error.message }, 'request refused');
        return sendError(reply, request, mapped);
      }

      request.log.error({ err: error }, 'unhandled error');
      return sendError(reply, request, new AppError('INTERNAL_ERROR'));
    });
  },
  { name: 'errors' },
);
