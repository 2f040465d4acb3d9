namespace Messaging.ServiceDefaults.Database;

/// <summary>
/// The baseline migration of a schema that the former SQL migrator created. That migrator recorded
/// each script it ran in <c>{schema}.schema_migrations</c> (version = the script's file name); a
/// database that has the baseline's row there already holds the schema, so the baseline only
/// records itself in EF's history. A fresh database runs the script. The check lives in the SQL
/// itself, so <c>dotnet ef database update</c> and <c>migrations script --idempotent</c> agree with
/// start-up.
/// </summary>
public static class LegacyBaseline
{
    /// <param name="schema">The schema the script creates its objects in (unqualified names in the script).</param>
    /// <param name="legacyVersion">The former migrator's version of the script, e.g. <c>0001_ledger</c>.</param>
    /// <param name="script">The script, exactly as the former migrator ran it.</param>
    public static string Sql(string schema, string legacyVersion, string script)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(schema);
        ArgumentException.ThrowIfNullOrWhiteSpace(legacyVersion);
        if (script.Contains("$baseline$", StringComparison.Ordinal) || script.Contains("$schema$", StringComparison.Ordinal))
        {
            throw new ArgumentException("The script may not use the $baseline$ or $schema$ quotes.", nameof(script));
        }
        var quotedSchema = "\"" + schema.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var history = Literal(quotedSchema + ".schema_migrations");
        return $"""
            DO $schema$
            BEGIN
                -- CREATE SCHEMA IF NOT EXISTS would still demand CREATE on the database, which a service's own role does not have.
                IF to_regnamespace({Literal(quotedSchema)}) IS NULL THEN
                    CREATE SCHEMA {quotedSchema};
                END IF;
            END
            $schema$;
            SET LOCAL search_path TO {quotedSchema}, public;
            DO $baseline$
            BEGIN
                IF to_regclass({history}) IS NOT NULL THEN
                    IF EXISTS (SELECT 1 FROM {quotedSchema}.schema_migrations WHERE version = {Literal(legacyVersion)}) THEN
                        RETURN;
                    END IF;
                END IF;
            {script}
            END
            $baseline$;
            RESET search_path;
            """;
    }

    static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
