// Bürgertipps HTTP API. Shapes and types: ./schema.ts. Errors are the platform's problem+json;
// a 422 carries errors[].path in the schema's dot paths (e.g. "location.address").
//
// PUBLIC (publishable key: Bearer, or ?key= on GET), mounted at /v1/tips as `tipsPublic`
//   GET  /v1/tips/categories                 → TipsPublicSettings (ETag, 304)
//   GET  /v1/tips?kind&category&status&page&pageSize
//                                            → PublicTipPage, published tips only, newest first (ETag, 304)
//   GET  /v1/tips/nearby?lat&lng&category    → { items: PublicTip[] } (with `distance` in m), published,
//                                              not closed, within NEARBY_METERS (50 m), nearest first
//   POST /v1/tips            headers: X-Altcha, Idempotency-Key (uuid); body TipCreate
//                                            → 201 TipCreated { ref, token, status, tenant, createdAt }
//                                              422 VALIDATION_FAILED (schema + checkAgainstSettings paths;
//                                              unknown/expired photo id → path "photos.N"),
//                                              403 ALTCHA_FAILED, 409/422 idempotency problems
//   GET  /v1/tips/status?ref&token           → TipStatusView (Cache-Control: no-store); wrong pair → 404.
//                                              Works with the key of any tenant of the tip's community,
//                                              so the tracking link survives a forward.
//   POST /v1/tips/status/reopen  X-Altcha + Idempotency-Key; body TipReopen { ref, token, reason }
//                                            → TipStatusView (status back to in_progress);
//                                              409 NOT_REOPENABLE unless resolved
//   POST /v1/tips/:ref/support   X-Altcha + Idempotency-Key; no body
//                                            → { ref, supportCount } ("me too" on a published tip)
//   GET  /v1/tips/:ref/photos/:id            → the image (published tips only), immutable cache
//
// UPLOADS (core, publishable key): POST /v1/uploads multipart field `file` (≤ 10 MB) → 201 { id,
//   contentType, size }; 413 PAYLOAD_TOO_LARGE, 415 UNSUPPORTED_MEDIA_TYPE. Ids go into TipCreate.photos.
//
// STAFF (staff key), mounted at /v1/staff/tips as `tipsStaff`
//   GET   /v1/staff/tips?status&kind&category&from&to&q&assignee&published&sort&page&pageSize
//                                            → StaffTipPage (sort: created|-created|updated|-updated|status|support|-support)
//   GET   /v1/staff/tips/export.csv?<same filters>
//                                            → text/csv; UTF-8 BOM, ";" separated, formula-safe
//   GET   /v1/staff/tips/assignees           → { items: { id, label }[] } (the tenant's staff keys)
//   GET   /v1/staff/tips/settings            → TipsSettings (defaults filled in)
//   PUT   /v1/staff/tips/settings            body TipsSettingsUpdate → TipsSettings
//   GET   /v1/staff/tips/:ref                → StaffTip (contact, answers, events incl. internal notes)
//   PATCH /v1/staff/tips/:ref                body StaffTipUpdate { status?, reason?, publicAnswer?,
//                                              published?, assignee? } → StaffTip;
//                                              409 INVALID_TRANSITION (see STATUS_TRANSITIONS)
//   POST  /v1/staff/tips/:ref/notes          body { text } → 201 StaffTip (internal note, never public)
//   POST  /v1/staff/tips/:ref/forward        body { tenant: slug, note? } → { ref, tenant: { slug, name } };
//                                              the tip (with photos, history, contact) moves to a tenant of the
//                                              same community; 422 path "tenant" across communities
//   GET   /v1/staff/tips/:ref/photos/:id     → the image (fetch with the staff key, show as blob URL)
//   Another tenant's reference is a 404 everywhere.
//
// OPEN311 GeoReport v2: see ./open311.ts (mounted at /open311/v2).
