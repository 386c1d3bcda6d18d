-- A datanet's own values of validation's record thresholds, as a JSON object of numbers by name ({} = none).
ALTER TABLE datanet ADD COLUMN validation_thresholds TEXT NOT NULL DEFAULT '{}';
