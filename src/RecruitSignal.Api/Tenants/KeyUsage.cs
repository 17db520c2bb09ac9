using System.Collections.Concurrent;
using Dapper;
using Npgsql;

namespace RecruitSignal.Tenants;

/// <summary>
/// When each key was last used. Requests only note it in memory; this writes the notes every
/// <see cref="FlushInterval"/> (and when the process stops) in one statement, so the request path gains no write.
/// </summary>
public sealed partial class KeyUsage(NpgsqlDataSource dataSource, TimeProvider clock, ILogger<KeyUsage> logger) : BackgroundService
{
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(30);

    private const string FlushSql = """
        update api_keys k set last_used_at = u.at
        from unnest(@tenantIds, @ids, @ats) as u(tenant_id, id, at)
        where k.tenant_id = u.tenant_id and k.id = u.id and (k.last_used_at is null or k.last_used_at < u.at)
        """;

    private readonly ConcurrentDictionary<(Guid TenantId, Guid KeyId), DateTimeOffset> _seen = new();

    public void Touch(ApiKeyOwner owner) => _seen[(owner.TenantId, owner.KeyId)] = clock.GetUtcNow();

    /// <summary>Writes what was noted since the last flush; returns how many keys.</summary>
    public async Task<int> FlushAsync(CancellationToken ct)
    {
        var batch = new List<((Guid TenantId, Guid KeyId) Key, DateTimeOffset At)>();
        foreach (var key in _seen.Keys)
        {
            if (_seen.TryRemove(key, out var at))
            {
                batch.Add((key, at));
            }
        }

        if (batch.Count == 0)
        {
            return 0;
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(FlushSql, new
        {
            tenantIds = batch.Select(b => b.Key.TenantId).ToArray(),
            ids = batch.Select(b => b.Key.KeyId).ToArray(),
            ats = batch.Select(b => b.At.UtcDateTime).ToArray(),
        }, cancellationToken: ct));
        return batch.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FlushInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushQuietlyAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushQuietlyAsync(cancellationToken);
    }

    private async Task FlushQuietlyAsync(CancellationToken ct)
    {
        try
        {
            await FlushAsync(ct);
        }
        // ObjectDisposedException: a host run by RunAsync disposes its services as soon as it has stopped, which can
        // overtake this last flush when something else (a test's WebApplicationFactory) stops the host at the same time.
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException or ObjectDisposedException)
        {
            LogFlushFailed(logger, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record when API keys were last used; the next flush tries again")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);
}
