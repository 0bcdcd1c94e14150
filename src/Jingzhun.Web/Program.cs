using Jingzhun.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddJingzhun();
var app = builder.Build();
await app.PrepareDatabaseAsync();
app.UseJingzhun();
await app.RunAsync();

/// <summary>The web host's entry point; public so that tests can start the real host.</summary>
public partial class Program;
