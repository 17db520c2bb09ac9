using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RecruitSignal.ApiDocs;

namespace RecruitSignal.Fairness;

/// <summary>The figures of a small us-nyc tenant, for the OpenAPI document.</summary>
public static class FairnessExamples
{
    public static ImpactRatioReport Report { get; } = new(
        new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), "default@1", Jurisdictions.UsNyc, new FairnessSample(1200, 34, 47.5),
        ImpactRatioReport.MethodSentences,
        [
            new CategoryFamily(CategoryFamilies.AgeBand,
            [
                new CategoryFigures("40_and_over", 410, 0.3417m, false, new RateFigures(143, 0.3488m, 0.6452m, true), new RateFigures(97, 0.2366m, 0.62m, true), [120, 71, 88, 79, 52]),
                new CategoryFigures("under_40", 640, 0.5333m, false, new RateFigures(346, 0.5406m, 1m, false), new RateFigures(244, 0.3813m, 1m, false), [97, 88, 140, 181, 134]),
            ], 98, 52),
        ]);

    public static void Add(OpenApiOptions options)
    {
        ExampleSchemas.Add(options, new Dictionary<Type, object>
        {
            [typeof(ImpactRatioReport)] = Report,
            [typeof(FairnessReportLinkRequest)] = new FairnessReportLinkRequest("2026-01-01", "2026-12-31", "default@1"),
            [typeof(FairnessReportLink)] = new FairnessReportLink("https://screening.example.com/f/x2YwQ9m3kVb7TqLr8sNc4Dh6Jf1Pz5Ua0Ge-Wo_Ki2E", new DateTimeOffset(2027, 3, 31, 9, 0, 0, TimeSpan.Zero)),
            [typeof(RevokedFairnessReportLinks)] = new RevokedFairnessReportLinks(2, new DateTimeOffset(2027, 1, 5, 9, 0, 0, TimeSpan.Zero)),
        });
        // The typed result documents the JSON answer; the CSV one (Accept: text/csv) is added beside it.
        options.AddOperationTransformer((operation, _, _) =>
        {
            if (operation.OperationId == "GetImpactRatios" && operation.Responses?["200"] is OpenApiResponse ok)
            {
                ok.Content ??= new Dictionary<string, OpenApiMediaType>();
                // No schema: CSV is not JSON; the description says what the rows hold.
                ok.Content[FairnessEndpoints.Csv] = new OpenApiMediaType();
                ok.Description = "The figures: JSON, or with `Accept: text/csv` CSV (the method as leading `#` lines, then one row per category, unknown and declined included).";
            }

            return Task.CompletedTask;
        });
    }
}
