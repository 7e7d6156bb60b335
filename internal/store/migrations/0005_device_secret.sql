-- Each account's device secret, signed into its device cookies (see
-- internal/account/device.go). It is replaced when the password changes or
-- the account is disabled, so the browsers the account signed in with
-- before stop counting as known ones. SQLite adds a column only with a
-- constant default: every existing account then gets its own random one.
ALTER TABLE users ADD COLUMN device_secret BLOB NOT NULL DEFAULT x'';
UPDATE users SET device_secret = randomblob(16);
