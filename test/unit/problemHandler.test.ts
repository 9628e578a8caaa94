/**
 * A client that hangs up mid-request (its own time-out during an upload) is not an error of the
 * service: the problem handler logs it at debug and stops, instead of passing it on to Express's
 * last-resort handler, which prints the stack on stderr outside the structured log.
 */
import type { NextFunction, Request, Response } from 'express';
import { problemHandler } from '../../src/http/problem';
import { createLogger } from '../../src/logger';

function call(socketDestroyed: boolean, headersSent: boolean) {
  const next = jest.fn() as unknown as NextFunction & jest.Mock;
  const status = jest.fn().mockReturnThis();
  const req = { socket: { destroyed: socketDestroyed }, path: '/v1/recoveries/x/evidence', headers: {} } as unknown as Request;
  const res = {
    headersSent,
    writableEnded: false,
    status,
    setHeader: jest.fn().mockReturnThis(),
    type: jest.fn().mockReturnThis(),
    send: jest.fn(),
    json: jest.fn(),
    end: jest.fn(),
  } as unknown as Response;
  problemHandler(createLogger('silent'), 1000)(new Error('Request aborted'), req, res, next);
  return { next, status };
}

describe('problem handler and a client that went away', () => {
  it('stops quietly when the client hung up, whether or not an answer had begun', () => {
    expect(call(true, true).next).not.toHaveBeenCalled();
    const early = call(true, false);
    expect(early.next).not.toHaveBeenCalled();
    expect(early.status).not.toHaveBeenCalled();
  });

  it('still hands an error with a half-sent answer to a live client on to Express', () => {
    expect(call(false, true).next).toHaveBeenCalledTimes(1);
  });
});
