using System.Reflection;

namespace RecruitSignal.ApiDocs;

/// <summary>
/// The build starts the service once, through Microsoft.Extensions.ApiDescription.Server's GetDocument.Insider,
/// only to write the OpenAPI document (<c>obj/openapi/v1.json</c>, compared with the checked-in
/// <c>src/RecruitSignal.Api/openapi/v1.json</c>). There is no database then: give the start-up validation a
/// placeholder connection string it never opens, and keep every background loop and the migrator still.
/// </summary>
internal static class BuildTimeDocument
{
    public const string LocalAddress = "http://127.0.0.1:5080";

    public static bool IsRunning => Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider";

    public static void Configure(IHostApplicationBuilder builder)
    {
        if (!IsRunning)
        {
            return;
        }

        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = "Host=build-time-openapi-document.invalid;Database=none;Username=none",
            ["Database:MigrateOnStartup"] = "false",
            ["Webhooks:DispatcherEnabled"] = "false",
            ["XApi:WorkerEnabled"] = "false",
            ["Rescoring:Enabled"] = "false",
            ["Retention:Enabled"] = "false",
            ["Idempotency:PurgeEnabled"] = "false",
            // Whatever the build machine's environment says, so the checked-in document does not depend on it: the
            // address scripts/run.sh serves. A deployment's own document (/openapi/v1.json) names its PublicBaseUrl.
            ["PublicBaseUrl"] = LocalAddress,
        });
        // The key ring is read from that database at start and fails: nothing logged then is worth a line in the build.
        builder.Logging.ClearProviders();
    }
}
