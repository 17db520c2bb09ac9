using Microsoft.AspNetCore.DataProtection;
using Npgsql;
using RecruitSignal.Outbound;

namespace RecruitSignal.Integrations;

/// <summary>What a result outbox is made with, registered once for every adapter (<see cref="AtsCore"/>).</summary>
public sealed record AtsCallbackServices(
    NpgsqlDataSource DataSource, IDataProtectionProvider Protection, TargetGuard Guard, AtsResults Results, TimeProvider Clock, ILoggerFactory Logs);

/// <summary>
/// The outbox of an ATS that is told the result itself (Workable, Ashby), not only that the test is done (Greenhouse):
/// each call is made from the order's <see cref="AtsResult"/>, read when the call is due.
/// </summary>
public abstract class AtsResultCallbacks(string ats, AtsOptions options, AtsCallbackServices services)
    : AtsCallbacks(ats, services.DataSource, options, services.Protection, services.Guard, services.Clock,
        services.Logs.CreateLogger($"{typeof(AtsCallbacks).FullName}.{ats}"))
{
    /// <summary>The call that tells the ATS the order's result (or its cancellation), with the credential in clear.</summary>
    protected abstract HttpRequestMessage Request(DueCallback callback, string credential, AtsResult result);

    protected sealed override async Task<HttpRequestMessage> RequestAsync(DueCallback callback, string credential, CancellationToken ct) =>
        Request(callback, credential, await services.Results.FindAsync(callback.TenantId, AtsName, null, callback.OrderId, ct)
            ?? throw new HttpRequestException("The order is no longer held (the candidate was erased)."));
}
