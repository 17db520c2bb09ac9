using Npgsql;

namespace RecruitSignal.Database;

/// <summary>
/// Where the listings read (<c>GET /v1/assessments</c>, <c>GET /v1/candidates</c>): a standby when
/// <c>ConnectionStrings__PostgresRead</c> is set (with <c>Target Session Attributes=prefer-standby</c> when it names several
/// hosts and no target), else the primary's data source. Only those listings use it, which may lag the primary by the standby's
/// replay delay; a read of one thing by id, and everything a write path reads, stays on the primary, so a client's read
/// of what it has just written never goes to a standby.
/// </summary>
public sealed class ReadDataSource(NpgsqlDataSource source, bool owned) : IAsyncDisposable
{
    public NpgsqlDataSource Source => source;

    public async ValueTask DisposeAsync()
    {
        if (owned)
        {
            await source.DisposeAsync();
        }
    }
}
