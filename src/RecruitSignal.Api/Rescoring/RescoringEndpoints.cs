using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using RecruitSignal.Assessments;
using RecruitSignal.Audit;
using RecruitSignal.Infrastructure;
using RecruitSignal.Policies;
using RecruitSignal.Tenants;

namespace RecruitSignal.Rescoring;

public static class RescoringEndpoints
{
    public static IHostApplicationBuilder AddRescoring(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RescoringOptions>().BindConfiguration(RescoringOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<Rescorer>();
        builder.Services.AddSingleton<RescoringJobs>();
        builder.Services.AddSingleton<RescoringWorker>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RescoringWorker>());
        return builder;
    }

    public static IEndpointRouteBuilder MapRescoring(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/assessments/{id:guid}/rescore", Rescore)
            .WithTags("Rescoring")
            .WithName("RescoreAssessment")
            .WithSummary("Score an assessment's stored evidence again, into a new assessment")
            .WithDescription("""
                Scores the same stored evidence with `policyVersion` (by default the tenant's active policy) and
                stores the result as a NEW assessment of the same candidate, answered with 201 and its `Location`.
                The original assessment is never changed, and nothing is fetched again: an assessment of several networks
                is scored network by network from each one's stored evidence (under a policy of X alone, from X's only).
                The body is optional. A pending or failed assessment (an X lookup) has no evidence to score again: 409;
                so has an assessment of X alone under a policy of several networks (nothing was read from the others).
                """)
            .WithValidation<RescoreRequest>(bodyRequired: false)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        var jobs = routes.MapGroup("/rescoring-jobs").WithTags("Rescoring");
        jobs.MapPost("/", StartJob)
            .WithName("StartRescoringJob")
            .WithSummary("Rescore every candidate of the tenant in the background")
            .WithDescription("""
                Queues a job that rescores each candidate's latest assessment with `policyVersion` (by default the
                tenant's active policy) into a new assessment, in chunks. Answers 202 with the job and its `Location`;
                poll it to follow `processed` against `total` until `status` is `completed`. A candidate whose latest
                assessment still waits for its X lookup, or was of X alone under a policy of several networks, is not copied but
                counted in `skipped`; no candidate is left
                out silently (one a refresh or an erasure holds is waited for).
                """)
            .WithValidation<RescoreRequest>(bodyRequired: false);
        jobs.MapGet("/{id:guid}", GetJob)
            .WithName("GetRescoringJob")
            .WithSummary("Follow a bulk rescoring job")
            .WithDescription("The job's status (`queued`, `running`, `completed`) and how many candidates it has processed.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    internal static async Task<Results<Created<AssessmentResponse>, ValidationProblem, ProblemHttpResult>> Rescore(
        Guid id, RescoreRequest? request, ClaimsPrincipal user, AssessmentQueries assessments, PolicyStore policies,
        Rescorer rescorer, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var tenantId = user.TenantId();
        var stored = await assessments.FindAsync(tenantId, id, ct);
        if (stored is null)
        {
            return Problems.NotFound("assessment", id);
        }

        if (stored.Status != AssessmentStatus.Completed)
        {
            // A pending or failed assessment has no evidence to score again; a refresh gets new evidence.
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Only a completed assessment can be rescored.",
                detail: $"This assessment is {WireName.Of(stored.Status)}; rescore it once it is completed, or ask for a refresh.");
        }

        var policy = await policies.ResolveAsync(tenantId, request?.PolicyVersion, ct);
        if (policy is null)
        {
            return PolicyEndpoints.UnknownVersion("policyVersion", request!.PolicyVersion!);
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        Guid? newId;
        try
        {
            newId = await rescorer.RescoreAsync(connection, transaction, tenantId, user.ApiKeyId(), stored, policy, ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            return Problems.NotFound("assessment", id); // the candidate was erased meanwhile
        }

        if (newId is null)
        {
            // Only X was read for it: the other networks the policy reads have no stored evidence to score again.
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "An assessment of X alone cannot be rescored under a policy of several networks.",
                detail: "Nothing was read from the other networks for this assessment: screen the candidate again under that policy instead.");
        }

        await transaction.CommitAsync(ct);
        var created = await assessments.FindAsync(tenantId, newId.Value, ct);
        return created is null ? Problems.NotFound("assessment", id) : TypedResults.Created($"/v1/assessments/{newId}", created);
    }

    internal static async Task<Results<Accepted<RescoringJobResponse>, ValidationProblem>> StartJob(
        RescoreRequest? request, ClaimsPrincipal user, PolicyStore policies, RescoringJobs jobs, CancellationToken ct)
    {
        var policy = await policies.ResolveAsync(user.TenantId(), request?.PolicyVersion, ct);
        if (policy is null)
        {
            return PolicyEndpoints.UnknownVersion("policyVersion", request!.PolicyVersion!);
        }

        var job = await jobs.CreateAsync(user.TenantId(), user.ApiKeyId(), policy.Version, ct);
        return TypedResults.Accepted($"/v1/rescoring-jobs/{job.Id}", job);
    }

    internal static async Task<Results<Ok<RescoringJobResponse>, ProblemHttpResult>> GetJob(
        Guid id, ClaimsPrincipal user, RescoringJobs jobs, CancellationToken ct)
    {
        var job = await jobs.FindAsync(user.TenantId(), id, ct);
        return job is null ? Problems.NotFound("rescoring job", id) : TypedResults.Ok(job);
    }
}
