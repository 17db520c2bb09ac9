namespace RecruitSignal.Input;

/// <summary>
/// Rules every request's input follows, whatever the endpoint, so that a new endpoint cannot forget them.
/// </summary>
public static class InputRules
{
    public static IHostApplicationBuilder AddInputRules(this IHostApplicationBuilder builder)
    {
        // Binding ignores case, so "replies", "replies" and "Replies" in one object are one field sent twice:
        // letting one of them win silently would hide the client's mistake.
        builder.Services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(options => options.SerializerOptions.AllowDuplicateProperties = false);
        return builder;
    }
}
