using System.CommandLine;
using Bench;
using Eval;

// dotnet run -c Release --project bench/Eval [-- --quick]: the evaluation set's hit rates and offline answer accuracy as markdown.
var quickOption = new Option<bool>("--quick") { Description = "the product's offline embedding only (EvaluationSetTests runs this)" };
var command = new RootCommand("The evaluation set's rule and knowledge hit rates and the offline responder's answer accuracy, as markdown.") { quickOption };
if (BenchCommandLine.Parse(command, args, out var exitCode) is not { } commandLine)
{
    return exitCode;
}
var quick = commandLine.GetValue(quickOption);
var report = await new Evaluation(EvaluationSet.Load()).RunAsync(quick, CancellationToken.None);
Console.WriteLine(ReportFormat.Markdown(report));
return 0;
