// Apache ECharts, tree-shaken: only the chart types and components the dashboard draws, with the
// SVG renderer (crisp on a tablet; the tests can see the drawn shapes). Loaded on first use, so
// the login page and the live section do not wait for it.
import { BarChart, HeatmapChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

use([LineChart, BarChart, HeatmapChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, SVGRenderer]);

export { init };
