using Messaging.ServiceDefaults.Database;

namespace Messaging.ServiceDefaults.Tests.Widgets;

internal sealed class WidgetsDesignTimeFactory() : DesignTimeContextFactory<WidgetsDbContext>(WidgetsDbContext.Schema);
