using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using RecruitSignal.Database;

namespace RecruitSignal.Health;

/// <summary>A health state, spelt as ASP.NET Core's health checks spell it.</summary>
public enum HealthState
{
    [JsonStringEnumMemberName("Healthy")] Healthy,
    [JsonStringEnumMemberName("Degraded")] Degraded,
    [JsonStringEnumMemberName("Unhealthy")] Unhealthy,
}

/// <param name="Status">The worst state of the checks run.</param>
/// <param name="Checks">Each check by name (<c>database</c>), with its state and a sentence.</param>
public sealed record HealthReportResponse(HealthState Status, IReadOnlyDictionary<string, HealthCheckEntry> Checks);

/// <param name="Description">What the check found, for example <c>Migrated to 0042_x.sql.</c></param>
public sealed record HealthCheckEntry(HealthState Status, string? Description);

public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static IHostApplicationBuilder AddHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: [ReadyTag]);
        return builder;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        var health = app.MapGroup("/health").WithTags("Health");
        health.MapGet("/live", Live)
            .WithName("Live").WithSummary("The process is up")
            .WithDescription("Answers 200 while the process runs, whatever the database does: a load balancer restarts the service only when this fails.");
        health.MapGet("/ready", Ready)
            .WithName("Ready").WithSummary("The database is reachable and migrated")
            .WithDescription("Answers 200 when PostgreSQL answers within two seconds and the newest migration is applied, 503 otherwise: a load balancer sends requests only to ready replicas.")
            .Produces<HealthReportResponse>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    internal static async Task<Ok<HealthReportResponse>> Live(HealthCheckService health, HttpContext context, CancellationToken ct)
    {
        var report = await health.CheckHealthAsync(_ => false, ct);
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(Response(report));
    }

    internal static async Task<Results<Ok<HealthReportResponse>, JsonHttpResult<HealthReportResponse>>> Ready(
        HealthCheckService health, HttpContext context, CancellationToken ct)
    {
        var report = await health.CheckHealthAsync(check => check.Tags.Contains(ReadyTag), ct);
        context.Response.Headers.CacheControl = "no-store";
        var body = Response(report);
        // As ASP.NET Core's health check middleware: degraded still serves, unhealthy does not.
        return report.Status == HealthStatus.Unhealthy
            ? TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Ok(body);
    }

    private static HealthReportResponse Response(HealthReport report) => new(
        State(report.Status),
        report.Entries.ToDictionary(e => e.Key, e => new HealthCheckEntry(State(e.Value.Status), e.Value.Description)));

    private static HealthState State(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => HealthState.Healthy,
        HealthStatus.Degraded => HealthState.Degraded,
        _ => HealthState.Unhealthy,
    };
}

/// <summary>
/// Ready when PostgreSQL answers within two seconds, accepts writes, and has the newest migration. A database that
/// answers read-only (a standby, or a primary being demoted during a failover) is not ready: the service could
/// serve no write there.
/// </summary>
internal sealed class DatabaseReadyCheck(NpgsqlDataSource dataSource, Migrations migrations, Failover failover) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private const string WritableSql = "select current_setting('transaction_read_only') = 'off'";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            await using (var connection = await dataSource.OpenConnectionAsync(timeout.Token))
            {
                if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(WritableSql, cancellationToken: timeout.Token)))
                {
                    // Its pooled connections lead to a read-only server: find the writable one on the next try.
                    failover.ForgetPrimary("the database answers read-only");
                    return HealthCheckResult.Unhealthy("The database accepts no writes (a standby, or a failover under way).");
                }
            }

            return await migrations.IsUpToDateAsync(timeout.Token)
                ? HealthCheckResult.Healthy($"Migrated to {Migrations.Latest}.")
                : HealthCheckResult.Unhealthy($"Migrations are pending: {Migrations.Latest} is not applied.");
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            failover.ForgetPrimaryAfter(e);
            return HealthCheckResult.Unhealthy("The database is unreachable.");
        }
    }
}
