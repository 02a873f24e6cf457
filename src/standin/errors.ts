/** GitHub-shaped API errors: `{ message, documentation_url, errors? }` with a status. */

export const DOCS = 'https://docs.github.com/rest';

export interface ErrorDetail {
  resource: string;
  code: 'missing' | 'missing_field' | 'invalid' | 'already_exists' | 'unprocessable' | 'custom';
  field?: string;
  message?: string;
}

export interface ErrorBody {
  message: string;
  documentation_url: string;
  errors?: ErrorDetail[];
  status: string;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: ErrorDetail[],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }

  toBody(): ErrorBody {
    return { message: this.message, documentation_url: DOCS, ...(this.errors ? { errors: this.errors } : {}), status: String(this.status) };
  }
}

export function notFound(message = 'Not Found'): HttpError {
  return new HttpError(404, message);
}

export function validationFailed(...errors: ErrorDetail[]): HttpError {
  return new HttpError(422, 'Validation Failed', errors);
}

export function badRequest(message: string): HttpError {
  return new HttpError(400, message);
}

/** GitHub's limit for issue and comment bodies, counted in characters (code points). */
export const MAX_BODY = 65536;
export const MAX_LABEL_NAME = 50;
export const MAX_LABEL_DESCRIPTION = 100;
export const MAX_TITLE = 256;

function characters(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

export function checkBody(resource: 'Issue' | 'IssueComment', body: string | null): void {
  if (body !== null && body.length > MAX_BODY && characters(body) > MAX_BODY) {
    throw validationFailed({ resource, code: 'custom', field: 'body', message: `Body is too long (maximum is ${MAX_BODY} characters)` });
  }
}

export function checkTitle(title: string): void {
  if (title.trim() === '') throw validationFailed({ resource: 'Issue', code: 'missing_field', field: 'title' });
  if (characters(title) > MAX_TITLE) {
    throw validationFailed({
      resource: 'Issue',
      code: 'custom',
      field: 'title',
      message: `title is too long (maximum is ${MAX_TITLE} characters)`,
    });
  }
}

export function checkLabel(name: string, color?: string, description?: string | null): void {
  if (name.trim() === '') throw validationFailed({ resource: 'Label', code: 'missing_field', field: 'name' });
  if (characters(name) > MAX_LABEL_NAME) {
    throw validationFailed({
      resource: 'Label',
      code: 'custom',
      field: 'name',
      message: `name is too long (maximum is ${MAX_LABEL_NAME} characters)`,
    });
  }
  if (color !== undefined && !/^[0-9a-fA-F]{6}$/.test(color)) {
    throw validationFailed({ resource: 'Label', code: 'invalid', field: 'color' });
  }
  if (description && characters(description) > MAX_LABEL_DESCRIPTION) {
    throw validationFailed({
      resource: 'Label',
      code: 'custom',
      field: 'description',
      message: `description is too long (maximum is ${MAX_LABEL_DESCRIPTION} characters)`,
    });
  }
}
