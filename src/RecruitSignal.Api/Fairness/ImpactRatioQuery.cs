using System.Text.Json;
using Dapper;
using Npgsql;
using RecruitSignal.Infrastructure;

namespace RecruitSignal.Fairness;

/// <summary>
/// The figures of NYC Local Law 144 (DCWP rules, 6 RCNY 5-301), computed by PostgreSQL in one statement over the
/// tenant's assessments, so that a million of them never cross the wire: only one row per category comes back.
/// </summary>
public sealed class ImpactRatioQuery(NpgsqlDataSource dataSource)
{
    public const double FourFifths = 0.8;
    public const double ExcludableShare = 0.02;

    // 1. latest: each candidate's latest assessment of the policy version in the period (the index
    //    assessments_fairness_idx gives them in candidate order: no sort).
    // 2. grouped: one pass over them, joined to their categories, counted per (categories, score, active): a few thousand
    //    rows whatever the sample's size, so every later step is cheap. A null score (unverified, declined, pending) is
    //    counted as unscored and left out of the sample.
    // 3. summary: the sample's size and its median score, over every scored candidate, categories unknown or declined
    //    included, read from the cumulative counts by score (the mean of the two middle scores when the size is even).
    // 4. labelled: each group once per category family; fine age bands fall into under_40 / 40_and_over; an
    //    intersection is declined when either part is, unknown when either part is missing.
    // 5. counted: per family and category, how many, how many strictly above the median, how many with an active
    //    presence, and the score distribution in five bands of 20 points.
    // 6. ratioed: rates; the impact ratio divides by the highest rate among the family's known categories that are not
    //    excludable (under 2 % of the sample), or among all known ones when every one is excludable.
    private const string Sql = """
        with latest as (
            select distinct on (a.candidate_id) a.candidate_id, a.score, a.active_professional_presence as active
            from assessments a
            where a.tenant_id = @tenantId and a.policy_version = @policyVersion
              and a.assessed_at >= @start and a.assessed_at < @end
            order by a.candidate_id, a.assessed_at desc, a.id desc
        ),
        grouped as materialized (
            select d.sex, d.race_ethnicity, d.age_band, l.score, l.active, count(*) as n
            from latest l
            left join candidate_demographics d on d.tenant_id = @tenantId and d.candidate_id = l.candidate_id
            group by d.sex, d.race_ethnicity, d.age_band, l.score, l.active
        ),
        histogram as (
            select score, sum(n) over (order by score) as upto from (select score, sum(n) as n from grouped where score is not null group by score) h
        ),
        summary as (
            select t.candidates,
                ((select min(score) from histogram where upto >= (t.candidates + 1) / 2)
                 + (select min(score) from histogram where upto >= t.candidates / 2 + 1)) / 2.0 as median
            from (select coalesce(sum(n), 0)::bigint as candidates from grouped where score is not null) t
        ),
        labelled as (
            select g.n, g.score, g.active, v.family, v.category
            from grouped g
            cross join lateral (values
                ('sex', coalesce(g.sex, 'unknown')),
                ('raceEthnicity', coalesce(g.race_ethnicity, 'unknown')),
                ('sexRaceEthnicity', case
                    when g.sex = 'declined' or g.race_ethnicity = 'declined' then 'declined'
                    when g.sex is null or g.race_ethnicity is null then 'unknown'
                    else g.sex || ' / ' || g.race_ethnicity end),
                ('ageBand', case
                    when g.age_band in ('under_40', 'under_25', '25_to_39') then 'under_40'
                    when g.age_band in ('40_and_over', '40_to_49', '50_to_59', '60_and_over') then '40_and_over'
                    else coalesce(g.age_band, 'unknown') end)
            ) as v(family, category)
            where g.score is not null and v.family = any(@families)
        ),
        counted as (
            select l.family, l.category, sum(l.n)::bigint as n,
                coalesce(sum(l.n) filter (where l.score > m.median), 0)::bigint as above,
                coalesce(sum(l.n) filter (where l.active), 0)::bigint as active,
                array[coalesce(sum(l.n) filter (where l.score < 20), 0), coalesce(sum(l.n) filter (where l.score between 20 and 39), 0),
                      coalesce(sum(l.n) filter (where l.score between 40 and 59), 0), coalesce(sum(l.n) filter (where l.score between 60 and 79), 0),
                      coalesce(sum(l.n) filter (where l.score >= 80), 0)]::bigint[] as distribution,
                l.category not in ('unknown', 'declined') as known,
                sum(l.n) < @excludableShare * max(m.candidates) as excludable
            from labelled l cross join summary m
            group by l.family, l.category
        ),
        rated as (
            select c.*, c.above::numeric / c.n as scoring_rate, c.active::numeric / c.n as active_rate
            from counted c
        ),
        ratioed as (
            select r.*,
                case when r.known then r.scoring_rate / nullif(coalesce(
                    max(r.scoring_rate) filter (where r.known and not r.excludable) over w,
                    max(r.scoring_rate) filter (where r.known) over w), 0) end as scoring_ratio,
                case when r.known then r.active_rate / nullif(coalesce(
                    max(r.active_rate) filter (where r.known and not r.excludable) over w,
                    max(r.active_rate) filter (where r.known) over w), 0) end as active_ratio
            from rated r
            window w as (partition by r.family)
        )
        select s.candidates, s.median, (select coalesce(sum(n), 0)::bigint from grouped where score is null) as unscored,
            coalesce((select json_agg(json_build_object(
                'family', x.family, 'category', x.category, 'count', x.n, 'known', x.known, 'excludable', x.excludable,
                'share', trim_scale(round(x.n::numeric / s.candidates, 4)), 'distribution', x.distribution,
                'above', x.above, 'scoringRate', trim_scale(round(x.scoring_rate, 4)), 'scoringRatio', trim_scale(round(x.scoring_ratio, 4)),
                'scoringBelow', x.scoring_ratio < @fourFifths,
                'active', x.active, 'activeRate', trim_scale(round(x.active_rate, 4)), 'activeRatio', trim_scale(round(x.active_ratio, 4)),
                'activeBelow', x.active_ratio < @fourFifths) order by x.family, x.category)
              from ratioed x), '[]') as categories
        from summary s
        """;

    public async Task<ImpactRatioReport> RunAsync(Guid tenantId, FairnessQuery query, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var jurisdiction = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            Jurisdictions.ProfileSql, new { tenantId }, transaction, cancellationToken: ct)) ?? Jurisdictions.Default;
        var families = CategoryFamilies.For(jurisdiction);
        var row = await connection.QuerySingleAsync<SummaryRow>(new CommandDefinition(Sql, new
        {
            tenantId, policyVersion = query.PolicyVersion, start = query.Start, end = query.End,
            families = families.ToArray(), excludableShare = (decimal)ExcludableShare, fourFifths = (decimal)FourFifths,
        }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);

        var categories = JsonSerializer.Deserialize<List<CategoryRow>>(row.Categories, Json.Options)!;
        return ImpactRatioReport.Of(query, jurisdiction, row.Candidates, row.Unscored, row.Median, families, categories);
    }

    private sealed record SummaryRow
    {
        public long Candidates { get; init; }
        public double? Median { get; init; }
        public long Unscored { get; init; }
        public required string Categories { get; init; }
    }
}

/// <summary>One category of one family as the statement returns it.</summary>
public sealed record CategoryRow(
    string Family, string Category, long Count, bool Known, bool Excludable, decimal Share, long[] Distribution,
    long Above, decimal ScoringRate, decimal? ScoringRatio, bool? ScoringBelow,
    long Active, decimal ActiveRate, decimal? ActiveRatio, bool? ActiveBelow);

/// <summary>The category families reported under each jurisdiction profile, in the order they are shown.</summary>
public static class CategoryFamilies
{
    public const string Sex = "sex";
    public const string RaceEthnicity = "raceEthnicity";
    public const string SexRaceEthnicity = "sexRaceEthnicity";
    public const string AgeBand = "ageBand";

    public static IReadOnlyList<string> For(string jurisdiction) =>
        Jurisdictions.CollectsRaceEthnicity(jurisdiction) ? [Sex, RaceEthnicity, SexRaceEthnicity, AgeBand] : [Sex, AgeBand];
}
