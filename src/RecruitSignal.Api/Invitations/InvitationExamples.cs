using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RecruitSignal.ApiDocs;
using RecruitSignal.Infrastructure;

namespace RecruitSignal.Invitations;

/// <summary>The OpenAPI examples of invitations: the example candidate invited in French, who then signs in with X.</summary>
internal static class InvitationExamples
{
    private static readonly DateTimeOffset CreatedAt = new(2026, 11, 18, 8, 30, 0, TimeSpan.Zero);
    private static readonly Guid InvitationId = Guid.Parse("019a94c1-2f00-7a3b-8c4d-5e6f7a8b9c0d");

    public static CreateInvitationRequest Request { get; } = new("fr", null, true, 14);

    // A placeholder token as long as a real one, so no one mistakes it for one.
    public static CreatedInvitation Created { get; } = new(InvitationId, Examples.Candidate.Id,
        "https://screening.example.com/c/" + new string('x', 43), InvitationStatus.Pending, CreatedAt.AddDays(14), EmailSent: true);

    public static InvitationResponse Completed { get; } = new(InvitationId, Examples.Candidate.Id, InvitationStatus.Completed, "fr",
        CreatedAt.AddDays(14), CreatedAt, CreatedAt.AddHours(3), CreatedAt.AddHours(3).AddMinutes(2), InvitationOutcome.XSignin,
        Guid.Parse("019a95a0-1c00-7d2e-9f3a-4b5c6d7e8f90"), null, null, new InvitationEmailDelivery("sent", 1, CreatedAt.AddSeconds(4), null));

    public static Task AddToSchema(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        object? example = context.JsonTypeInfo.Type switch
        {
            var t when t == typeof(CreateInvitationRequest) => Request,
            var t when t == typeof(CreatedInvitation) => Created,
            var t when t == typeof(InvitationResponse) => Completed,
            var t when t == typeof(InvitationSettings) => new InvitationSettings("fr"),
            _ => null,
        };
        if (example is not null)
        {
            schema.Examples = [JsonSerializer.SerializeToNode(example, Json.Options)!];
        }

        return Task.CompletedTask;
    }
}
