"""mlint's built-in rule packs: YAML data only (see README, "Writing rules")."""
