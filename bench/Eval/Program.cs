using Eval;

// dotnet run -c Release --project bench/Eval [-- --quick]: the evaluation set's hit rates and offline answer accuracy as markdown.
var quick = args.Contains("--quick");
var report = await new Evaluation(EvaluationSet.Load()).RunAsync(quick, CancellationToken.None);
Console.WriteLine(ReportFormat.Markdown(report));
return 0;
