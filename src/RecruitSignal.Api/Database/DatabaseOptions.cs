using System.ComponentModel.DataAnnotations;

namespace RecruitSignal.Database;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Read from <c>ConnectionStrings:Postgres</c> (environment: <c>ConnectionStrings__Postgres</c>).</summary>
    [Required(ErrorMessage = "No PostgreSQL connection string: set the environment variable ConnectionStrings__Postgres, "
        + "for example 'Host=127.0.0.1;Port=5432;Database=recruitsignal;Username=recruitsignal;Password=...'.")]
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations when the service starts (environment: <c>Database__MigrateOnStartup</c>).</summary>
    public bool MigrateOnStartup { get; set; } = true;
}
