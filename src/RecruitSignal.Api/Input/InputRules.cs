namespace RecruitSignal.Input;

/// <summary>
/// Rules every request's input follows, whatever the endpoint, so that a new endpoint cannot forget them:
/// one key once in a JSON object, and <see cref="TextRule"/> on every query parameter (body fields get it
/// from <see cref="TextFields"/> in the validation filter).
/// </summary>
public static class InputRules
{
    public static IHostApplicationBuilder AddInputRules(this IHostApplicationBuilder builder)
    {
        // Binding ignores case, so "replies", "replies" and "Replies" in one object are one field sent twice:
        // letting one of them win silently would hide the client's mistake.
        builder.Services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(options => options.SerializerOptions.AllowDuplicateProperties = false);
        builder.Services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", options => options.AddDocumentTransformer<TextRuleDocs>());
        return builder;
    }

    /// <summary>Refuses a request whose query string breaks the character rule, naming the parameter, before any endpoint runs.</summary>
    public static WebApplication UseInputRules(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (QueryErrors(context.Request.Query) is { } errors)
            {
                await TypedResults.ValidationProblem(errors, title: "The request is not valid.").ExecuteAsync(context);
                return;
            }

            await next(context);
        });
        return app;
    }

    private static Dictionary<string, string[]>? QueryErrors(IQueryCollection query)
    {
        Dictionary<string, string[]>? errors = null;
        foreach (var (name, values) in query)
        {
            var nameProblem = TextRule.Check(name);
            var problem = nameProblem ?? values.Select(v => v is null ? null : TextRule.Check(v)).FirstOrDefault(p => p is not null);
            if (problem is not null)
            {
                (errors ??= [])[nameProblem is null ? name : "$query"] = [problem];
            }
        }

        return errors;
    }
}
