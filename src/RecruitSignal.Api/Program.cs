using RecruitSignal;
using RecruitSignal.ApiDocs;
using RecruitSignal.Assessments;
using RecruitSignal.Candidates;
using RecruitSignal.Consent;
using RecruitSignal.DataProtection;
using RecruitSignal.Database;
using RecruitSignal.Health;
using RecruitSignal.Idempotency;
using RecruitSignal.Input;
using RecruitSignal.Infrastructure;
using RecruitSignal.Lookups;
using RecruitSignal.RateLimits;
using RecruitSignal.Screenings;
using RecruitSignal.Tenants;
using RecruitSignal.Webhooks;
using RecruitSignal.XApi;
using RecruitSignal.Trust;

var builder = WebApplication.CreateBuilder(args);

builder.AddDatabase();
builder.AddKeyRing();
builder.AddPublicUrl();
builder.AddProblemHandling();
builder.AddInputRules();
builder.AddPaging();
builder.AddTenants();
builder.AddScreenings();
builder.AddCandidates();
builder.AddConsent();
builder.AddXApi();
builder.AddLookups();
builder.AddTrust();
builder.AddApiDocs();
builder.AddHealth();
builder.AddIdempotency();
builder.AddWebhooks();
builder.AddTenantRateLimits();

var app = builder.Build();

if (CommandLine.IsCommand(args))
{
    return await CommandLine.RunAsync(app, args);
}

app.UseProblemHandling();
app.UseInputRules();
app.UseAuthentication();
app.UseAuthorization();
app.UseTenantRateLimits();

app.MapApiDocs();
app.MapHealth();

var v1 = app.MapGroup("/v1").RequireAuthorization();
v1.MapScreenings();
v1.MapAssessments();
v1.MapCandidates();
v1.MapWebhooks();
v1.MapConsent();
v1.MapLookups();
v1.MapTrust();

await app.MigrateDatabaseAsync();
await app.RunAsync();
return 0;

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
