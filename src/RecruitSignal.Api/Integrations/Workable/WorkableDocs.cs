using Microsoft.AspNetCore.OpenApi;
using RecruitSignal.ApiDocs;

namespace RecruitSignal.Integrations.Workable;

/// <summary>The examples of Workable's calls in the OpenAPI document, as Workable writes them.</summary>
public static class WorkableDocs
{
    public static void Configure(OpenApiOptions options) => ExampleSchemas.Add(options, new Dictionary<Type, object>
    {
        [typeof(WorkableTestList)] = new WorkableTestList([new("default@1", "Professional presence on X (policy default@1)")]),
        [typeof(WorkableOrder)] = new WorkableOrder("default@1", new WorkableCandidate("3f1a2b", "Harriet", "Vane", "harriet.vane@example.com"),
            new WorkableJob("Site Reliability Engineer", "5A2B7C1D0E"), "https://www.workable.com/spi/v3/assessments/8812734"),
        [typeof(WorkableOrderAnswer)] = new WorkableOrderAnswer("019abf10-2c3d-7e4f-8a9b-0c1d2e3f4a5b"),
        [typeof(WorkableConnection)] = new WorkableConnection("the-token-workable-issued"),
        [typeof(AtsConnection)] = new AtsConnection(Ats.Workable, true, new DateTimeOffset(2026, 11, 2, 9, 30, 0, TimeSpan.Zero)),
    });
}
