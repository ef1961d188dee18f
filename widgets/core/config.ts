/** Body of `GET /v1/config`: a tenant's public settings; the shape is the backend's valibot schema. */
export type { PublicConfig } from '../../backend/core/config-schema.ts';
