using System.Net;
using System.Net.Http.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RecruitSignal.Audit;

namespace RecruitSignal.Tests.Integration.Trust;

/// <summary>
/// The audit chain without a lock across round trips: entries are appended in the action's transaction and sealed
/// into the tenant's chain after their commit, whatever order transactions commit in.
/// </summary>
[Collection(ApiTestGroup.Name)]
public sealed class AuditSealingTests(ApiFixture api)
{
    private AuditSealer Sealer => api.Factory.Services.GetRequiredService<AuditSealer>();

    private AuditVerifier Verifier => api.Factory.Services.GetRequiredService<AuditVerifier>();

    [Fact]
    public async Task AScreeningCommitsWhileAnotherTransactionOfItsTenantHoldsAnUncommittedAuditEntry()
    {
        var tenant = await api.NewTenantAsync();
        await using var held = await OpenTransactionWithEntryAsync(tenant.TenantId, "held");

        // The old chain lock was held until COMMIT: this screening would have waited for the held transaction.
        var screening = await tenant.ScreenAsync(Requests.EngagedProfessional("not-waiting")).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.Created, screening.StatusCode);
        await held.Transaction.RollbackAsync();
    }

    [Fact]
    [ExpectsUnhandledException]
    public async Task AScreeningWhoseAuditEntryCannotBeWrittenIsNotStoredAtAll()
    {
        var tenant = await api.NewTenantAsync();
        var name = $"refuse_audit_{tenant.TenantId:N}";
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.ExecuteAsync($"""
            create function {name}() returns trigger language plpgsql as $$
            begin
                if new.tenant_id = '{tenant.TenantId}' then raise exception 'audit entry refused for this test'; end if;
                return new;
            end $$;
            create trigger {name} before insert on audit_log for each row execute function {name}();
            """);
        // A fault the OpenAPI document does not describe (a 500; logged, and allowed by [ExpectsUnhandledException]): sent without the contract check of tenant.Http.
        using var raw = api.Factory.CreateDefaultClient();
        raw.DefaultRequestHeaders.Authorization = tenant.Http.DefaultRequestHeaders.Authorization;
        HttpResponseMessage response;
        try
        {
            response = await raw.PostAsJsonAsync("/v1/screenings", Requests.EngagedProfessional("never-stored"));
        }
        finally
        {
            await connection.ExecuteAsync($"drop trigger {name} on audit_log; drop function {name}();");
        }

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("""
            select (select count(*) from candidates where tenant_id = @tenantId) + (select count(*) from presence_observations where tenant_id = @tenantId)
                + (select count(*) from assessments where tenant_id = @tenantId) + (select count(*) from audit_log where tenant_id = @tenantId)
            """, new { tenantId = tenant.TenantId }));
        Assert.Equal(HttpStatusCode.Created, (await tenant.ScreenAsync(Requests.EngagedProfessional("stored"))).StatusCode);
    }

    [Fact]
    public async Task AnEntryThatCommitsAfterALaterNumberedOneIsSealedAfterItNeverSkipped()
    {
        var tenant = await api.NewTenantAsync();
        await using var held = await OpenTransactionWithEntryAsync(tenant.TenantId, "committed-last");
        await tenant.ScreenOkAsync(Requests.EngagedProfessional("committed-first"));

        await Sealer.SealAsync(wait: true, CancellationToken.None);
        var whileHeld = await EntriesAsync(tenant.TenantId);
        AuditVerification committedUnsealed;
        await using (await PauseSealingAsync())
        {
            await held.Transaction.CommitAsync();
            committedUnsealed = Assert.Single(await Verifier.VerifyAsync(tenant.TenantId, CancellationToken.None));
        }

        await Sealer.SealAsync(wait: true, CancellationToken.None);
        var after = await EntriesAsync(tenant.TenantId);

        // The held entry took its id first (a lower one), but could not be sealed before its commit; it was not
        // skipped either: it is sealed after the head of that moment, and the chain holds.
        Assert.Equal([(1L, "screening_created")], whileHeld.Select(e => (e.Seq!.Value, e.Action)));
        Assert.Equal((1L, 1L), (committedUnsealed.EntriesChecked, committedUnsealed.Unsealed));
        Assert.True(after.Single(e => e.Action == "candidate_exported").Id < after.Single(e => e.Action == "screening_created").Id);
        Assert.Equal([(1L, "screening_created"), (2L, "candidate_exported")], after.Select(e => (e.Seq!.Value, e.Action)));
        var result = Assert.Single(await Verifier.VerifyAsync(tenant.TenantId, CancellationToken.None));
        Assert.Equal((2L, (long?)null, 0L), (result.EntriesChecked, result.BrokenAtSeq, result.Unsealed));
    }

    [Fact]
    public async Task EveryChainVerifiesAfter32ConcurrentClientsAcrossFourTenants()
    {
        var tenants = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => api.NewTenantAsync()));

        var responses = await Task.WhenAll(Enumerable.Range(0, 32).Select(client => Task.Run(async () =>
        {
            var tenant = tenants[client % 4];
            var answers = new List<HttpStatusCode>();
            for (var i = 0; i < 5; i++)
            {
                answers.Add((await tenant.ScreenAsync(Requests.EngagedProfessional($"client-{client}-{i}"))).StatusCode);
            }

            return answers;
        })));
        await Sealer.SealAsync(wait: true, CancellationToken.None);

        Assert.All(responses.SelectMany(r => r), status => Assert.Equal(HttpStatusCode.Created, status));
        foreach (var tenant in tenants)
        {
            var result = Assert.Single(await Verifier.VerifyAsync(tenant.TenantId, CancellationToken.None));
            Assert.Equal((40L, (long?)null, 0L), (result.EntriesChecked, result.BrokenAtSeq, result.Unsealed));
            var entries = await EntriesAsync(tenant.TenantId);
            Assert.Equal(Enumerable.Range(1, 40).Select(i => (long?)i), entries.Select(e => e.Seq));
            Assert.Equal(40, await AssessmentCountAsync(tenant.TenantId));
        }
    }

    [Fact]
    public async Task AuditVerifyDetectsADeletedEntry()
    {
        var tenant = await TenantWithSealedEntriesAsync(4);

        await TamperAsync("delete from audit_log where tenant_id = @tenantId and seq = 2", tenant);

        var result = Assert.Single(await Verifier.VerifyAsync(tenant, CancellationToken.None));
        Assert.Equal(2, result.BrokenAtSeq);
        Assert.Contains("entry 2 is missing", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerifyDetectsReorderedEntries()
    {
        var tenant = await TenantWithSealedEntriesAsync(4);

        await TamperAsync("""
            update audit_log set seq = 1000 where tenant_id = @tenantId and seq = 2;
            update audit_log set seq = 2 where tenant_id = @tenantId and seq = 3;
            update audit_log set seq = 3 where tenant_id = @tenantId and seq = 1000;
            """, tenant);

        var result = Assert.Single(await Verifier.VerifyAsync(tenant, CancellationToken.None));
        Assert.Equal(2, result.BrokenAtSeq);
    }

    [Fact]
    public async Task SealingIsTheOnlyChangeTheDatabaseAllowsAndOnlyOnce()
    {
        var tenant = await api.NewTenantAsync();
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        PostgresException changeUnsealed, sealAndChange;
        await using (await PauseSealingAsync())
        {
            await using (var held = await OpenTransactionWithEntryAsync(tenant.TenantId, "unsealed"))
            {
                await held.Transaction.CommitAsync();
            }

            changeUnsealed = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(
                "update audit_log set action = 'nothing' where tenant_id = @tenantId", new { tenantId = tenant.TenantId }));
            sealAndChange = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(
                """
                update audit_log set seq = 1, prev_hash = h.hash_of, hash = h.hash_of, target_id = 'other'
                from (select sha256('x'::bytea) as hash_of) h where tenant_id = @tenantId
                """,
                new { tenantId = tenant.TenantId }));
        }

        await Sealer.SealAsync(wait: true, CancellationToken.None);
        var reseal = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(
            "update audit_log set seq = 7 where tenant_id = @tenantId", new { tenantId = tenant.TenantId }));

        Assert.All(new[] { changeUnsealed, sealAndChange, reseal }, e => Assert.Equal(PostgresErrorCodes.RestrictViolation, e.SqlState));
        var result = Assert.Single(await Verifier.VerifyAsync(tenant.TenantId, CancellationToken.None));
        Assert.Equal((1L, (long?)null), (result.EntriesChecked, result.BrokenAtSeq));
    }

    /// <summary>A transaction left open (the caller commits or rolls it back) that has appended one audit entry.</summary>
    private async Task<HeldTransaction> OpenTransactionWithEntryAsync(Guid tenantId, string note)
    {
        var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await api.Factory.Services.GetRequiredService<AuditLog>().AppendAsync(
            connection, transaction, tenantId, null, new AuditEvent(AuditAction.CandidateExported, AuditTarget.Candidate, note), CancellationToken.None);
        return new HeldTransaction(connection, transaction);
    }

    private async Task<Guid> TenantWithSealedEntriesAsync(int count)
    {
        var tenant = await api.NewTenantAsync();
        for (var i = 0; i < count; i++)
        {
            await tenant.ScreenOkAsync(Requests.EngagedProfessional($"entry-{i}"));
        }

        await Sealer.SealAsync(wait: true, CancellationToken.None);
        var before = Assert.Single(await Verifier.VerifyAsync(tenant.TenantId, CancellationToken.None));
        Assert.Equal((count, (long?)null), (before.EntriesChecked, before.BrokenAtSeq));
        return tenant.TenantId;
    }

    /// <summary>Changes the log behind the database's back: with its append-only trigger switched off, as an owner could.</summary>
    private async Task TamperAsync(string sql, Guid tenantId)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("alter table audit_log disable trigger audit_log_append_only", transaction: transaction);
        await connection.ExecuteAsync(sql, new { tenantId }, transaction);
        await connection.ExecuteAsync("alter table audit_log enable trigger audit_log_append_only", transaction: transaction);
        await transaction.CommitAsync();
    }

    /// <summary>Holds the sealers' lock, as a running round would: until disposed (the session ends: no pooling), no entry is sealed.</summary>
    private async Task<NpgsqlConnection> PauseSealingAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(api.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync("select pg_advisory_lock(@lockClass, 0)", new { lockClass = AuditSealer.LockClass });
        return connection;
    }

    private async Task<List<StoredEntry>> EntriesAsync(Guid tenantId)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        return (await connection.QueryAsync<StoredEntry>(
            "select id, seq, action from audit_log where tenant_id = @tenantId and seq is not null order by seq", new { tenantId })).ToList();
    }

    private async Task<long> AssessmentCountAsync(Guid tenantId)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        return await connection.ExecuteScalarAsync<long>("select count(*) from assessments where tenant_id = @tenantId", new { tenantId });
    }

    private sealed record StoredEntry
    {
        public long Id { get; init; }
        public long? Seq { get; init; }
        public required string Action { get; init; }
    }

    private sealed record HeldTransaction(NpgsqlConnection Connection, NpgsqlTransaction Transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }
}
