using System.Globalization;
using System.Text;

namespace RecruitSignal.Fairness;

/// <summary>The figures as CSV (RFC 4180): the method as leading <c>#</c> lines, then one row per category, unknown and declined included.</summary>
public static class ImpactRatioCsv
{
    private const string Header =
        "family,category,count,share_of_sample,excludable,score_above_median,scoring_rate,score_impact_ratio,score_below_four_fifths," +
        "active_presence,active_rate,active_impact_ratio,active_below_four_fifths";

    public static string Write(ImpactRatioReport report)
    {
        var csv = new StringBuilder();
        csv.Append(CultureInfo.InvariantCulture, $"# period {report.From:yyyy-MM-dd} to {report.To:yyyy-MM-dd}; policy {report.PolicyVersion}; jurisdiction {report.Jurisdiction}; ");
        csv.Append(CultureInfo.InvariantCulture, $"sample {report.Sample.Candidates}; unscored {report.Sample.Unscored}; median score {Number(report.Sample.MedianScore)}\r\n");
        foreach (var sentence in report.Method)
        {
            csv.Append("# ").Append(sentence).Append("\r\n");
        }

        csv.Append(Header).Append("\r\n");
        foreach (var family in report.Families)
        {
            foreach (var c in family.Categories)
            {
                Row(csv, family.Family, c.Category, c.Count, Number(c.ShareOfSample), Bool(c.Excludable),
                    c.ScoreAboveMedian.Selected.ToString(CultureInfo.InvariantCulture), Number(c.ScoreAboveMedian.Rate), Number(c.ScoreAboveMedian.ImpactRatio), Bool(c.ScoreAboveMedian.BelowFourFifths),
                    c.ActivePresence.Selected.ToString(CultureInfo.InvariantCulture), Number(c.ActivePresence.Rate), Number(c.ActivePresence.ImpactRatio), Bool(c.ActivePresence.BelowFourFifths));
            }

            Row(csv, family.Family, "unknown", family.Unknown);
            Row(csv, family.Family, "declined", family.Declined);
        }

        return csv.ToString();
    }

    private static void Row(StringBuilder csv, string family, string category, long count, params string[] rest)
    {
        // Categories are from a closed list, but one holds a slash and a space: quote them all the same.
        csv.Append(family).Append(",\"").Append(category).Append("\",").Append(count.ToString(CultureInfo.InvariantCulture));
        foreach (var value in rest.Length > 0 ? rest : Enumerable.Repeat("", 10))
        {
            csv.Append(',').Append(value);
        }

        csv.Append("\r\n");
    }

    private static string Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Number(double? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Bool(bool value) => value ? "true" : "false";
}
